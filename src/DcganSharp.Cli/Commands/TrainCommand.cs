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
    public static Command Create(TextWriter output, TextWriter errors) => Create(output, errors, out _);

    /// <summary>The names `dcgan train` gives the settings (its flags), for the other commands that name them.</summary>
    public static SettingNames Flags { get; } = Bindings();

    static SettingBindings Bindings()
    {
        Create(TextWriter.Null, TextWriter.Null, out var bindings);
        return bindings;
    }

    /// <summary>The command, and its flags' bindings to <see cref="DcganOptions"/> (for the names messages use).</summary>
    public static Command Create(TextWriter output, TextWriter errors, out SettingBindings settings)
    {
        var command = new Command("train", "Train a DCGAN (pytorch/examples/dcgan main.py semantics)");
        var b = settings = new SettingBindings(command);
        var d = DcganOptions.Defaults;
        var quality = TrainingRecipe.Quality;

        b.Bind(new Option<string>("--dataset") { Description = $"Training data: {string.Join(" | ", Spelling.Shown<DatasetKind>())} (required unless --resume)" },
            nameof(DcganOptions.Dataset), text => Spelling.Parse<DatasetKind>(text)
                ?? throw DcganException.Usage($"--dataset '{text}' is not supported; use one of {string.Join(", ", Spelling.Shown<DatasetKind>())}"));
        b.Bind(Optional<string>("--dataroot",
            "Path to the dataset: a folder of images, searched recursively (folder, imagenet, lfw); the folder holding img_align_celeba (celeba); " +
            "where MNIST or CIFAR-10 files are found or downloaded to; not needed for fake"), nameof(DcganOptions.DataRoot), NullIfEmpty);
        b.Bind(WithDefault("--workers", "Threads decoding batches ahead of training (0: decode on the training thread)", d.Workers, "-j"), nameof(DcganOptions.Workers));
        b.Bind(Optional<int?>("--channels", "Image channels: 1 (grayscale) or 3 (colour); default: the dataset's own (1 for MNIST, 3 otherwise)"), nameof(DcganOptions.Channels));
        var cache = b.Bind(Flag("--cache", "Keep decoded, resized images in memory after their first read, if they fit in a quarter of available memory and 2 GB " +
            "(default for mnist, fashion-mnist and cifar10 when that takes no more memory than their files; when enlarging, they are resized as they are read)"),
            nameof(DcganOptions.Cache));
        var noCache = b.Bind(Flag("--no-cache", "Decode and resize images every epoch (default for folder and celeba)"), nameof(DcganOptions.Cache), on => !on);
        b.Bind(Optional<string>("--split", $"Part of celeba (per list_eval_partition.txt) or cifar10 to train on: {string.Join(" | ", Spelling.Canonical<DataSplit>())} (default {Spelling.Of(DataSplit.Train)})"),
            nameof(DcganOptions.Split), text => ParseSplit(text));
        b.Bind(Optional<int?>("--celeba-crop", $"Side of the centred square cut from CelebA's 178x218 faces before resizing (default {CelebAFolder.DefaultCrop}; 0: the largest square)"),
            nameof(DcganOptions.CelebaCrop));
        b.Bind(Optional<int?>("--batch-size", $"Input batch size (default: {TrainingRecipe.DefaultBatchSize(RecipeName.Quality)} with the quality recipe, {TrainingRecipe.DefaultBatchSize(RecipeName.Reference)} with reference)",
            "--batchSize", "-b"), nameof(DcganOptions.BatchSize));
        b.Bind(WithDefault("--image-size", $"Height / width of the images the networks see: {Models.DcganArchitecture.SupportedSizes}", d.ImageSize, "--imageSize"),
            nameof(DcganOptions.ImageSize));
        b.Bind(WithDefault("--nz", "Size of the latent z vector", d.LatentSize), nameof(DcganOptions.LatentSize));
        b.Bind(WithDefault("--ngf", "Generator feature width (filters in its last layer)", d.GeneratorFeatures), nameof(DcganOptions.GeneratorFeatures));
        b.Bind(Optional<int?>("--ndf", $"Discriminator feature width (filters in its first layer; default: {TrainingRecipe.DefaultDiscriminatorFeatures(RecipeName.Quality)} with the quality recipe, " +
            $"{TrainingRecipe.DefaultDiscriminatorFeatures(RecipeName.Reference)} with reference, --netD's own when that is given)"), nameof(DcganOptions.DiscriminatorFeatures));
        b.Bind(WithDefault("--niter", "Number of epochs to train for", d.Epochs, "--epochs"), nameof(DcganOptions.Epochs));
        b.Bind(Optional<double?>("--lr", $"Learning rate (Adam; default: {TrainingRecipe.DefaultLearningRate(RecipeName.Quality)} with the quality recipe, {TrainingRecipe.DefaultLearningRate(RecipeName.Reference)} with reference)"),
            nameof(DcganOptions.LearningRate));
        b.Bind(WithDefault("--beta1", "Beta1 for Adam", d.Beta1), nameof(DcganOptions.Beta1));
        b.Bind(WithDefault("--beta2", "Beta2 for Adam", d.Beta2), nameof(DcganOptions.Beta2));
        b.Bind(Flag("--conditional", "Train a class-conditional DCGAN on labelled data (mnist, fashion-mnist, cifar10, or a folder with one subfolder per class); " +
            "then sample by class (dcgan sample --class)"), nameof(DcganOptions.Conditional));
        b.Bind(Flag("--dry-run", "Check a single training iteration works, then stop", "--dryRun"), nameof(DcganOptions.DryRun));
        b.Bind(WithDefault("--recipe", $"{Spelling.Of(RecipeName.Quality)} (default: an averaged generator for every sample and file; bench/quality measured it) | {Spelling.Of(RecipeName.Reference)} (pytorch/examples exactly)",
            Spelling.Of(d.Recipe)), nameof(DcganOptions.Recipe), name => Spelling.Parse<RecipeName>(name)
                ?? throw DcganException.Usage($"--recipe: unknown recipe '{name}'; use {Spelling.Either(Spelling.Canonical<RecipeName>())}"));
        b.Bind(Optional<string>("--augment", "Differentiable augmentation of everything D sees: none | all | a list of color, translation, cutout (default: the recipe's)"),
            nameof(DcganOptions.Augment), text => string.IsNullOrWhiteSpace(text) ? null : Parse(() => DiffAugment.Parse(text), "--augment"));
        b.Bind(Optional<double?>("--ema-half-life", $"Half-life of the generator's moving average in training images, at most {quality.EmaRampUp * 100:0}% of the images seen so far; 0 turns it off (default: the recipe's, {quality.EmaHalfLifeImages:0} for quality)"),
            nameof(DcganOptions.EmaHalfLife));
        b.Bind(Optional<double?>("--lr-d", "Learning rate of D when it should differ from G's --lr (two time-scale update rule; default: --lr)"),
            nameof(DcganOptions.DiscriminatorLearningRate));
        b.Bind(Optional<double?>("--label-smoothing", $"One-sided label smoothing: D's target for real images is 1 minus this (default: the recipe's, {1 - quality.RealLabel:0.##})"),
            nameof(DcganOptions.LabelSmoothing));
        b.Bind(Optional<double?>("--r1-gamma", $"Weight of the R1 penalty on D's gradient at real images (Mescheder et al. 2018), taken every {Ordinal(GanTrainingStep.R1Interval)} step; 0 turns it off (default: the recipe's, {quality.R1Gamma:G3} for quality)"),
            nameof(DcganOptions.R1Gamma));
        b.Bind(Optional<string>("--netG", "Generator weights to start from (.pth state_dict, e.g. from pytorch/examples)", "--net-g"), nameof(DcganOptions.GeneratorWeights), NullIfEmpty);
        b.Bind(Optional<string>("--netD", "Discriminator weights to start from (.pth state_dict)", "--net-d"), nameof(DcganOptions.DiscriminatorWeights), NullIfEmpty);
        // The library's default (null) is a new temporary folder; the command line's, like the reference's, the current folder.
        b.Bind(WithDefault("--outf", "Folder for sample images and model checkpoints", CurrentFolder, "-o"), nameof(DcganOptions.OutputFolder));
        b.Bind(Optional<int?>("--manual-seed", "Random seed (a random one is drawn and printed when absent)", "--manualSeed", "--seed"), nameof(DcganOptions.Seed));
        b.Bind(WithDefault("--device", "cpu | cuda | cuda:N | auto (a CUDA GPU when one is usable)", Spelling.Of(d.Device)), [nameof(DcganOptions.Device), nameof(DcganOptions.DeviceIndex)],
            (options, text) =>
            {
                var (target, index) = ParseDevice(text);
                return options with { Device = target, DeviceIndex = index };
            },
            (property, value) => property == nameof(DcganOptions.DeviceIndex) ? $"cuda:{value}" : Spelling.Of((ComputeTarget)value!));
        var accel = Flag("--accel", "Use an accelerator when available (the reference's flag; same as --device auto)");
        var useCuda = Flag("--cuda", "Use CUDA (older reference versions' flag; same as --device cuda)");
        var ngpu = WithDefault("--ngpu", "Number of GPUs (accepted for compatibility; dcgan uses one)", 1);
        command.Add(accel);
        command.Add(useCuda);
        command.Add(ngpu);
        b.Bind(WithDefault("--sample-every", "Iterations between real/fake sample grids", d.SampleEvery), nameof(DcganOptions.SampleEvery));
        var logEvery = WithDefault("--log-every", "Print the per-iteration line every N iterations", 1);
        command.Add(logEvery);
        b.Bind(WithDefault("--fake-count", "Number of images in the fake dataset", d.FakeCount), nameof(DcganOptions.FakeCount));
        b.Bind(Flag("--no-download", "Never download datasets; fail if the files are missing"), nameof(DcganOptions.Download), off => !off);
        b.Bind(Optional<string>("--resume", "Continue a run exactly where it stopped: its --outf folder or a checkpoint file"), nameof(DcganOptions.Resume), NullIfEmpty);
        b.Bind(WithDefault("--save-every", "Also save checkpoint.pt every N iterations (0: after each epoch only)", d.SaveEvery), nameof(DcganOptions.SaveEvery));
        b.Bind(WithDefault("--keep", "How many checkpoint-epoch-N.pt files to keep", d.Keep), nameof(DcganOptions.Keep));
        b.Bind(WithDefault("--on-diverge", $"When training diverges (NaN, or D wins outright): {string.Join(" | ", Spelling.Canonical<DivergencePolicy>())}", Spelling.Of(d.OnDiverge)),
            nameof(DcganOptions.OnDiverge), choice => Spelling.Parse<DivergencePolicy>(choice)
                ?? throw DcganException.Usage($"--on-diverge must be {Spelling.Either(Spelling.Canonical<DivergencePolicy>())}, got '{choice.Trim().ToLowerInvariant()}'"));
        b.Bind(WithDefault("--collapse-patience", "Collapsed iterations in a row (D(x) near 1 and D(G(z)) near 0) that count as divergence", d.CollapsePatience),
            nameof(DcganOptions.CollapsePatience));
        b.Bind(WithDefault("--collapse-margin", "How near: D(x) >= 1 - margin and D(G(z)) <= margin", d.CollapseMargin), nameof(DcganOptions.CollapseMargin));
        b.Bind(WithDefault("--max-rollbacks", "Most rollbacks with --on-diverge rollback before giving up", d.MaxRollbacks), nameof(DcganOptions.MaxRollbacks));
        b.Bind(Flag("--overwrite", "Start a new run in an --outf that already holds one, replacing its files"), nameof(DcganOptions.Overwrite));
        b.Bind(Flag("--no-tf32", "On CUDA, compute in full FP32 instead of TF32 (TF32 is on by default: much faster matrix math on Ampere and newer GPUs)"),
            nameof(DcganOptions.AllowTf32), off => !off);
        b.Bind(Flag("--tensorboard", "Also write TensorBoard event files (scalars, sample grids) to <outf>/tensorboard"), nameof(DcganOptions.TensorBoard));
        b.Bind(WithDefault("--eval-every", "Measure FID, KID and precision/recall every N iterations into fid.csv, fid.png and metrics.csv (0: never)", d.EvalEvery),
            nameof(DcganOptions.EvalEvery));
        b.Bind(Optional<string>("--eval-features", "Feature network for --eval-every: from 'dcgan evaluate train-features', or Inception weights (default for RGB data: the pretrained ResNet18, FID-ResNet18)"),
            nameof(DcganOptions.EvalFeatures), NullIfEmpty);
        b.Bind(WithDefault("--eval-samples", "Images generated for each --eval-every measurement", d.EvalSamples), nameof(DcganOptions.EvalSamples));
        b.Bind(Optional<int?>("--eval-real-count", "Real images --eval-every compares with, drawn at random (default: all)"), nameof(DcganOptions.EvalRealCount));
        b.Bind(Optional<string>("--cache-dir", "Where --eval-every caches real-data feature statistics (default ~/.cache/dcgan-sharp)"),
            nameof(DcganOptions.EvalCacheFolder), NullIfEmpty);

        command.SetAction(parsed =>
        {
            if (parsed.GetValue(ngpu) is var gpus && gpus < 1)
                throw DcganException.Usage($"--ngpu must be at least 1, got {gpus}");
            if (parsed.GetValue(cache) && parsed.GetValue(noCache))
                throw DcganException.Usage("--cache and --no-cache contradict each other; give one");
            var everyLog = parsed.GetValue(logEvery);
            if (everyLog < 1)
                throw DcganException.Usage($"--log-every must be at least 1, got {everyLog}");

            var options = b.Read(parsed);
            if (!options.Explicit.Contains(nameof(DcganOptions.OutputFolder)))
                options = options with { OutputFolder = CurrentFolder };
            if (parsed.GetValue(useCuda))
                options = options with { Device = ComputeTarget.Cuda, DeviceIndex = null };
            else if (parsed.GetValue(accel))
                options = options with { Device = ComputeTarget.Auto, DeviceIndex = null };

            using var reporter = new TerminalTrainingReporter(output, errors, everyLog);
            if (parsed.GetValue(ngpu) > 1)
                reporter.Warn("--ngpu > 1 is accepted for compatibility, but dcgan trains on one device");
            using var interrupt = new InterruptSignal();
            var trainer = new DcganTrainer(options, reporter, b);
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

    static T Parse<T>(Func<T> parse, string flag, string separator = ": ")
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw DcganException.Usage($"{flag}{separator}{e.Message}");
        }
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>--split's value: train | valid | test | all; null when empty.</summary>
    public static DataSplit? ParseSplit(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Spelling.Parse<DataSplit>(text) ?? throw DcganException.Usage($"--split '{text}' is not one of {string.Join(", ", Spelling.Canonical<DataSplit>())}");

    /// <summary>--device's value: cpu | cuda (gpu) | cuda:N | auto.</summary>
    public static (ComputeTarget Target, int? Index) ParseDevice(string text) => Parse(() => ComputeDevice.Parse(text), "--device", separator: " ");

    /// <summary>The device a loading command's --device names, checked as training checks it.</summary>
    public static TorchSharp.torch.Device ResolveDevice(string text)
    {
        var (target, index) = ParseDevice(text);
        return ComputeDevice.Resolve(target, index, Flags);
    }

    const string CurrentFolder = ".";

    static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    static string Quote(string path) => path.Contains(' ') ? $"'{path}'" : path;
}
