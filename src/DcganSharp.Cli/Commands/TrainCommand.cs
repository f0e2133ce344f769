using System.CommandLine;
using DcganSharp.Cli.Terminal;
using DcganSharp.Data;
using DcganSharp.Runs;
using DcganSharp.Training;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// `dcgan train`: pytorch/examples/dcgan/main.py's flags and defaults, spelled in kebab-case,
/// with the reference's camelCase spellings accepted as aliases.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = $"Training data: {string.Join(" | ", DatasetFactory.Names)} (required unless --resume)",
        };
        var dataroot = Optional<string>("--dataroot",
            "Path to the dataset: a folder of images, searched recursively (folder, imagenet, lfw); the folder holding img_align_celeba (celeba); " +
            "where MNIST or CIFAR-10 files are found or downloaded to; not needed for fake");
        var workers = WithDefault("--workers", "Threads decoding batches ahead of training (0: decode on the training thread)", 2, "-j");
        var channels = Optional<int?>("--channels", "Image channels: 1 (grayscale) or 3 (colour); default: the dataset's own (1 for MNIST, 3 otherwise)");
        var cache = Flag("--cache", "Keep decoded, resized images in memory after their first read, if they fit in a quarter of available memory and 2 GB " +
            "(default for mnist, fashion-mnist and cifar10 when that takes no more memory than their files; when enlarging, they are resized as they are read)");
        var noCache = Flag("--no-cache", "Decode and resize images every epoch (default for folder and celeba)");
        var split = Optional<string>("--split", "Part of celeba (per list_eval_partition.txt) or cifar10 to train on: train | valid | test | all (default train)");
        var celebaCrop = Optional<int?>("--celeba-crop", "Side of the centred square cut from CelebA's 178x218 faces before resizing (default 108; 0: the largest square)");
        var batchSize = Optional<int?>("--batch-size", $"Input batch size (default: {TrainingRecipe.DefaultBatchSize(RecipeName.Quality)} with the quality recipe, {TrainingRecipe.DefaultBatchSize(RecipeName.Reference)} with reference)", "--batchSize", "-b");
        var imageSize = WithDefault("--image-size", $"Height / width of the images the networks see: {Models.DcganArchitecture.SupportedSizes}", 64, "--imageSize");
        var nz = WithDefault("--nz", "Size of the latent z vector", 100);
        var ngf = WithDefault("--ngf", "Generator feature width (filters in its last layer)", 64);
        var ndf = WithDefault("--ndf", "Discriminator feature width (filters in its first layer)", 64);
        var niter = WithDefault("--niter", "Number of epochs to train for", 25, "--epochs");
        var lr = Optional<double?>("--lr", $"Learning rate (Adam; default: {TrainingRecipe.DefaultLearningRate(RecipeName.Quality)} with the quality recipe, {TrainingRecipe.DefaultLearningRate(RecipeName.Reference)} with reference)");
        var beta1 = WithDefault("--beta1", "Beta1 for Adam", 0.5);
        var recipe = WithDefault("--recipe", "quality (default: an averaged generator for every sample and file; bench/quality measured it) | reference (pytorch/examples exactly)", "quality");
        var augment = Optional<string>("--augment", "Differentiable augmentation of everything D sees: none | all | a list of color, translation, cutout (default: the recipe's)");
        var emaHalfLife = Optional<double?>("--ema-half-life", "Half-life of the generator's moving average in training images; 0 turns it off (default: the recipe's, 10000 for quality)");
        var lrD = Optional<double?>("--lr-d", "Learning rate of D when it should differ from G's --lr (two time-scale update rule; default: --lr)");
        var labelSmoothing = Optional<double?>("--label-smoothing", "One-sided label smoothing: D's target for real images is 1 minus this (default: the recipe's, 0)");
        var dryRun = Flag("--dry-run", "Check a single training iteration works, then stop", "--dryRun");
        var netG = Optional<string>("--netG", "Generator weights to start from (.pth state_dict, e.g. from pytorch/examples)", "--net-g");
        var netD = Optional<string>("--netD", "Discriminator weights to start from (.pth state_dict)", "--net-d");
        var outf = WithDefault("--outf", "Folder for sample images and model checkpoints", ".", "-o");
        var seed = Optional<int?>("--manual-seed", "Random seed (a random one is drawn and printed when absent)", "--manualSeed", "--seed");
        var device = WithDefault("--device", "cpu | cuda | cuda:N | auto (a CUDA GPU when one is usable)", "auto");
        var accel = Flag("--accel", "Use an accelerator when available (the reference's flag; same as --device auto)");
        var useCuda = Flag("--cuda", "Use CUDA (older reference versions' flag; same as --device cuda)");
        var ngpu = WithDefault("--ngpu", "Number of GPUs (accepted for compatibility; dcgan uses one)", 1);
        var sampleEvery = WithDefault("--sample-every", "Iterations between real/fake sample grids", 100);
        var logEvery = WithDefault("--log-every", "Print the per-iteration line every N iterations", 1);
        var fakeCount = WithDefault("--fake-count", "Number of images in the fake dataset", 1000);
        var noDownload = Flag("--no-download", "Never download datasets; fail if the files are missing");
        var resume = Optional<string>("--resume", "Continue a run exactly where it stopped: its --outf folder or a checkpoint file");
        var saveEvery = WithDefault("--save-every", "Also save checkpoint.pt every N iterations (0: after each epoch only)", 200);
        var keep = WithDefault("--keep", "How many checkpoint-epoch-N.pt files to keep", 3);
        var onDiverge = WithDefault("--on-diverge", "When training diverges (NaN, or D wins outright): stop | rollback | ignore", "stop");
        var collapsePatience = WithDefault("--collapse-patience", "Collapsed iterations in a row (D(x) near 1 and D(G(z)) near 0) that count as divergence", 100);
        var collapseMargin = WithDefault("--collapse-margin", "How near: D(x) >= 1 - margin and D(G(z)) <= margin", 0.01);
        var maxRollbacks = WithDefault("--max-rollbacks", "Most rollbacks with --on-diverge rollback before giving up", 3);
        var overwrite = Flag("--overwrite", "Start a new run in an --outf that already holds one, replacing its files");
        var noTf32 = Flag("--no-tf32", "On CUDA, compute in full FP32 instead of TF32 (TF32 is on by default: much faster matrix math on Ampere and newer GPUs)");
        var evalEvery = WithDefault("--eval-every", "Measure FID, KID and precision/recall every N iterations into fid.csv, fid.png and metrics.csv (0: never)", 0);
        var evalFeatures = Optional<string>("--eval-features", "Feature network for --eval-every: from 'dcgan evaluate train-features', or Inception weights");
        var evalSamples = WithDefault("--eval-samples", "Images generated for each --eval-every measurement", 1000);
        var evalCache = Optional<string>("--cache-dir", "Where --eval-every caches real-data feature statistics (default ~/.cache/dcgan-sharp)");
        var tensorBoard = Flag("--tensorboard", "Also write TensorBoard event files (scalars, sample grids) to <outf>/tensorboard");

        var command = new Command("train", "Train a DCGAN (pytorch/examples/dcgan main.py semantics)")
        {
            dataset, dataroot, workers, channels, cache, noCache, split, celebaCrop, batchSize, imageSize, nz, ngf, ndf, niter, lr, beta1, dryRun,
            recipe, augment, emaHalfLife, lrD, labelSmoothing,
            netG, netD, outf, seed, device, accel, useCuda, ngpu, sampleEvery, logEvery, fakeCount, noDownload,
            resume, saveEvery, keep, onDiverge, collapsePatience, collapseMargin, maxRollbacks, overwrite, noTf32, tensorBoard, evalEvery, evalFeatures, evalSamples, evalCache,
        };
        // Which TrainingOptions property each option sets, so --resume can tell given flags from defaults.
        var properties = new (Option Option, string Property)[]
        {
            (dataset, nameof(TrainingOptions.Dataset)), (dataroot, nameof(TrainingOptions.DataRoot)),
            (batchSize, nameof(TrainingOptions.BatchSize)), (imageSize, nameof(TrainingOptions.ImageSize)),
            (nz, nameof(TrainingOptions.LatentSize)), (ngf, nameof(TrainingOptions.GeneratorFeatures)),
            (ndf, nameof(TrainingOptions.DiscriminatorFeatures)), (niter, nameof(TrainingOptions.Epochs)),
            (lr, nameof(TrainingOptions.LearningRate)), (beta1, nameof(TrainingOptions.Beta1)),
            (outf, nameof(TrainingOptions.OutputFolder)), (seed, nameof(TrainingOptions.Seed)),
            (channels, nameof(TrainingOptions.Channels)), (split, nameof(TrainingOptions.Split)),
            (celebaCrop, nameof(TrainingOptions.CelebaCrop)),
            (sampleEvery, nameof(TrainingOptions.SampleEvery)), (saveEvery, nameof(TrainingOptions.SaveEvery)),
            (keep, nameof(TrainingOptions.Keep)), (onDiverge, nameof(TrainingOptions.OnDiverge)),
            (collapsePatience, nameof(TrainingOptions.CollapsePatience)), (collapseMargin, nameof(TrainingOptions.CollapseMargin)),
            (maxRollbacks, nameof(TrainingOptions.MaxRollbacks)), (noTf32, nameof(TrainingOptions.AllowTf32)),
            (tensorBoard, nameof(TrainingOptions.TensorBoard)), (evalEvery, nameof(TrainingOptions.EvalEvery)),
            (evalFeatures, nameof(TrainingOptions.EvalFeatures)), (evalSamples, nameof(TrainingOptions.EvalSamples)),
            (evalCache, nameof(TrainingOptions.EvalCacheFolder)),
            (recipe, nameof(TrainingOptions.Recipe)), (augment, nameof(TrainingOptions.Augment)),
            (emaHalfLife, nameof(TrainingOptions.EmaHalfLife)), (lrD, nameof(TrainingOptions.DiscriminatorLearningRate)),
            (labelSmoothing, nameof(TrainingOptions.LabelSmoothing)),
        };

        command.SetAction(parsed =>
        {
            var deviceChoice = parsed.GetValue(device)!;
            if (parsed.GetValue(useCuda))
                deviceChoice = "cuda";
            else if (parsed.GetValue(accel))
                deviceChoice = "auto";
            if (parsed.GetValue(ngpu) is var gpus && gpus < 1)
                throw DcganException.Usage($"--ngpu must be at least 1, got {gpus}");
            if (parsed.GetValue(cache) && parsed.GetValue(noCache))
                throw DcganException.Usage("--cache and --no-cache contradict each other; give one");
            var everyLog = parsed.GetValue(logEvery);
            if (everyLog < 1)
                throw DcganException.Usage($"--log-every must be at least 1, got {everyLog}");

            var options = new TrainingOptions
            {
                Recipe = Parse(() => TrainingRecipe.ParseName(parsed.GetValue(recipe)!), "--recipe"),
                Augment = parsed.GetValue(augment) is { } augmentText ? Parse(() => DiffAugment.Parse(augmentText), "--augment") : null,
                EmaHalfLife = parsed.GetValue(emaHalfLife),
                DiscriminatorLearningRate = parsed.GetValue(lrD),
                LabelSmoothing = parsed.GetValue(labelSmoothing),
                Dataset = parsed.GetValue(dataset)!,
                DataRoot = parsed.GetValue(dataroot),
                Workers = parsed.GetValue(workers),
                Channels = parsed.GetValue(channels),
                Cache = parsed.GetValue(cache) ? true : parsed.GetValue(noCache) ? false : null,
                Split = NullIfEmpty(parsed.GetValue(split)),
                CelebaCrop = parsed.GetValue(celebaCrop),
                // Each recipe has its own default; a resumed run keeps its own unless the flag is given.
                BatchSize = parsed.GetValue(batchSize) ?? TrainingRecipe.DefaultBatchSize(Parse(() => TrainingRecipe.ParseName(parsed.GetValue(recipe)!), "--recipe")),
                ImageSize = parsed.GetValue(imageSize),
                LatentSize = parsed.GetValue(nz),
                GeneratorFeatures = parsed.GetValue(ngf),
                DiscriminatorFeatures = parsed.GetValue(ndf),
                Epochs = parsed.GetValue(niter),
                LearningRate = parsed.GetValue(lr) ?? TrainingRecipe.DefaultLearningRate(Parse(() => TrainingRecipe.ParseName(parsed.GetValue(recipe)!), "--recipe")),
                Beta1 = parsed.GetValue(beta1),
                DryRun = parsed.GetValue(dryRun),
                GeneratorWeights = NullIfEmpty(parsed.GetValue(netG)),
                DiscriminatorWeights = NullIfEmpty(parsed.GetValue(netD)),
                OutputFolder = parsed.GetValue(outf)!,
                Seed = parsed.GetValue(seed),
                Device = deviceChoice,
                SampleEvery = parsed.GetValue(sampleEvery),
                FakeCount = parsed.GetValue(fakeCount),
                Download = !parsed.GetValue(noDownload),
                Resume = NullIfEmpty(parsed.GetValue(resume)),
                SaveEvery = parsed.GetValue(saveEvery),
                Keep = parsed.GetValue(keep),
                OnDiverge = parsed.GetValue(onDiverge)!.Trim().ToLowerInvariant(),
                CollapsePatience = parsed.GetValue(collapsePatience),
                CollapseMargin = parsed.GetValue(collapseMargin),
                MaxRollbacks = parsed.GetValue(maxRollbacks),
                Overwrite = parsed.GetValue(overwrite),
                AllowTf32 = !parsed.GetValue(noTf32),
                TensorBoard = parsed.GetValue(tensorBoard),
                EvalEvery = parsed.GetValue(evalEvery),
                EvalFeatures = NullIfEmpty(parsed.GetValue(evalFeatures)),
                EvalSamples = parsed.GetValue(evalSamples),
                EvalCacheFolder = NullIfEmpty(parsed.GetValue(evalCache)),
                Explicit = properties.Where(p => parsed.GetResult(p.Option) is { Implicit: false }).Select(p => p.Property).ToHashSet(),
            };

            using var reporter = new TerminalTrainingReporter(output, errors, everyLog);
            if (parsed.GetValue(ngpu) > 1)
                reporter.Warn("--ngpu > 1 is accepted for compatibility, but dcgan trains on one device");
            using var interrupt = new InterruptSignal();
            var trainer = new DcganTrainer(options, reporter);
            var result = trainer.Run(interrupt.Token);
            if (result.Interrupted)
            {
                var p = result.Progress;
                reporter.Info($"stopped at epoch {p.Epoch}, iteration {p.NextBatch} (step {p.GlobalStep}); the checkpoint is saved in '{result.OutputFolder}'.");
                reporter.Info($"Resume with: ./dcgan train --resume {Quote(result.OutputFolder)}");
                return interrupt.Signal == System.Runtime.InteropServices.PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    static T Parse<T>(Func<T> parse, string flag)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw DcganException.Usage($"{flag}: {e.Message}");
        }
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    static string Quote(string path) => path.Contains(' ') ? $"'{path}'" : path;
}
