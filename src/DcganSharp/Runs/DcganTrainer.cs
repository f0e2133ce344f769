using System.Diagnostics;
using DcganSharp.Checkpoints;
using DcganSharp.Data;
using DcganSharp.Generation;
using DcganSharp.IO;
using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// Runs `dcgan train`: opens the data, builds (or restores) the networks, and trains them with
/// the reference loop, writing what pytorch/examples writes (real_samples.png,
/// fake_samples_epoch_NNN.png, netG_epoch_N.pth, netD_epoch_N.pth) plus full-state checkpoints
/// that let a killed run continue exactly where it stopped.
/// </summary>
internal sealed class DcganTrainer
{
    readonly TrainingOptions given;
    readonly ITrainingReporter reporter;
    readonly Func<string, string>? nameSetting;

    /// <param name="options">What to train.</param>
    /// <param name="reporter">Where progress and notes go.</param>
    /// <param name="nameSetting">How resume notes name a setting given by its property name (the command line's flags); default: the property name.</param>
    public DcganTrainer(TrainingOptions options, ITrainingReporter reporter, Func<string, string>? nameSetting = null)
    {
        TrainingOptionsValidator.Validate(options, nameSetting);
        given = options;
        this.reporter = reporter;
        this.nameSetting = nameSetting;
    }

    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var (options, resume, resumePath) = PrepareResume();
        using var resumed = resume;

        var seed = options.Seed ?? Random.Shared.Next(1, 10001);
        reporter.Info($"Random Seed: {seed}");
        var device = ComputeDevice.Resolve(options.Device);
        if (device.type == DeviceType.CUDA)
        {
            backends.cuda.matmul.allow_tf32 = options.AllowTf32;
            backends.cudnn.allow_tf32 = options.AllowTf32;
        }
        // As pytorch/examples does (cudnn.benchmark = True): cuDNN picks the fastest algorithm per shape.
        var autotuned = device.type == DeviceType.CUDA && CudnnBenchmark.TrySet(true);
        using var hostThreads = HostThreads.LowerForTraining(device.type);
        reporter.Info(device.type == DeviceType.CPU ? $"Using device: cpu ({get_num_threads()} threads)"
            : $"Using device: {device} (TF32 {(options.AllowTf32 ? "on; --no-tf32 for full FP32" : "off")}; cuDNN autotuning {(autotuned ? "on" : "unavailable in this libtorch")}; {get_num_threads()} CPU thread(s) for libtorch, OMP_NUM_THREADS to change)");
        var outf = OutputFolder.Prepare(options.OutputFolder);
        using var runLock = RunLock.Acquire(outf);
        if (resume is null && !options.Overwrite && CheckpointStore.HoldsRun(outf))
            throw DcganException.Usage($"--outf '{options.OutputFolder}' already holds a training run; continue it with --resume {options.OutputFolder}, choose another --outf, or pass --overwrite to replace it");

        using var dataset = DatasetFactory.Open(options.DatasetRequest, seed, new ReporterWriter(reporter));
        reporter.Info($"Dataset: {dataset.Description}");
        var architecture = new DcganArchitecture(options.ImageSize, dataset.Channels, options.LatentSize, options.GeneratorFeatures, options.DiscriminatorFeatures);
        if (resume is not null && resume.Config.Architecture != architecture)
            throw new DcganException($"the data now has {dataset.Channels} channel(s) but checkpoint '{resumePath}' was trained on {resume.Config.Architecture.Channels}; point --dataroot at the run's original data");

        // The reference's order of random draws: G init, D init, fixed noise, then per-iteration noise.
        manual_seed(seed);
        if (device.type == DeviceType.CUDA)
            cuda.manual_seed_all(seed);
        using var generator = WeightInit.Apply(new DcganGenerator(architecture));
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));
        if (resume is not null)
        {
            StateDictFile.LoadInto(generator, resume.Generator, $"checkpoint '{resumePath}' (netG)");
            StateDictFile.LoadInto(discriminator, resume.Discriminator, $"checkpoint '{resumePath}' (netD)");
        }
        else
        {
            if (options.GeneratorWeights is { } netG)
                StateDictFile.Load(generator, netG, "--netG", $"a generator for {architecture}", NetworkRole.Generator);
            if (options.DiscriminatorWeights is { } netD)
                StateDictFile.Load(discriminator, netD, "--netD", $"a discriminator for {architecture}", NetworkRole.Discriminator);
        }
        using var initial = new NetworkSnapshot(generator, discriminator);
        generator.to(device);
        discriminator.to(device);
        if (device.type == DeviceType.CPU)
        {
            // ~10% more images/s on the CPU (bench/step); the same numbers up to float rounding.
            ChannelsLast.Apply(generator);
            ChannelsLast.Apply(discriminator);
        }
        reporter.Info($"Generator: {architecture}, {generator.parameters().Sum(p => p.numel()):N0} parameters");
        reporter.Info($"Discriminator: {architecture}, {discriminator.parameters().Sum(p => p.numel()):N0} parameters");

        using var fixedNoise = resume?.FixedNoise.to(device) ?? generator.SampleLatent(options.BatchSize, device);
        var recipe = options.ResolveRecipe();
        reporter.Info($"Recipe: {recipe}");
        using var average = recipe.AveragesGenerator ? new GeneratorAverage(generator, recipe, device) : null;
        if (resume?.GeneratorAverage is { } savedAverage)
            average?.Load(savedAverage, $"checkpoint '{resumePath}' (netG_ema)");
        var step = GanTrainingStep.For(generator, discriminator, options, recipe);
        TrainingLoop? run = null;
        try
        {
            if (resume is not null)
            {
                AdamStateDict.Import(step.GeneratorOptimizer, resume.GeneratorOptimizer, $"checkpoint '{resumePath}' (optimizerG)");
                AdamStateDict.Import(step.DiscriminatorOptimizer, resume.DiscriminatorOptimizer, $"checkpoint '{resumePath}' (optimizerD)");
                set_rng_state(resume.RngState);
            }
            if (resume is not null && resume.Progress.Epoch >= options.Epochs)
                reporter.Info($"Nothing to train: the run already finished its {options.Epochs} epoch(s); resume with --niter {options.Epochs + 5} (say) to train further");
            run = new TrainingLoop(reporter, options, recipe, dataset, generator, discriminator, average, fixedNoise, initial, outf, seed, device)
            {
                Step = step,
                Progress = resume?.Progress ?? new TrainingProgress(0, 0, 0, 0, seed),
                History = resume?.History.ToList() ?? [],
            };
            if (resume is not null)
                run.Store.Remember(resumePath!, resume);
            return run.Train(cancellation);
        }
        finally
        {
            // A rollback replaces the loop's step; the one it holds at the end is the live one.
            (run?.Step ?? step).Dispose();
        }
    }

    (TrainingOptions Options, TrainingCheckpoint? Checkpoint, string? Path) PrepareResume()
    {
        if (given.Resume is not { } resume)
        {
            if (string.IsNullOrWhiteSpace(given.Dataset))
                throw DcganException.Usage($"--dataset is required (one of {string.Join(", ", DatasetFactory.Names)}) unless --resume is given");
            return (given, null, null);
        }
        var path = CheckpointStore.Resolve(resume);
        var checkpoint = CheckpointStore.LoadNamingFallback(path);
        try
        {
            var (options, notes) = ResumePlan.Merge(given, checkpoint.Config, path, nameSetting);
            TrainingOptionsValidator.Validate(options, nameSetting);
            var p = checkpoint.Progress;
            reporter.Info($"Resuming '{path}': epoch {p.Epoch}, iteration {p.NextBatch}, step {p.GlobalStep}");
            foreach (var note in notes)
                reporter.Info(note);
            return (options, checkpoint, path);
        }
        catch (ResumeArchitectureConflict conflict)
        {
            using (checkpoint)
                throw new DcganException($"{conflict.Message}: {TensorMismatches(conflict, checkpoint)}; drop those flags to resume, or start a new run", exitCode: 2);
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>Builds the networks the conflicting flags describe, to name the tensors that would not fit.</summary>
    static string TensorMismatches(ResumeArchitectureConflict conflict, TrainingCheckpoint checkpoint)
    {
        var requested = conflict.Requested;
        var problems = new List<string>();
        using var generator = new DcganGenerator(requested);
        using var discriminator = new DcganDiscriminator(requested);
        foreach (var (network, saved, name) in new (nn.Module, Dictionary<string, Tensor>, string)[] { (generator, checkpoint.Generator, "netG"), (discriminator, checkpoint.Discriminator, "netD") })
        {
            foreach (var (key, tensor) in network.state_dict())
            {
                if (saved.TryGetValue(key, out var value) && !value.shape.SequenceEqual(tensor.shape))
                    problems.Add($"{name} {key} is {string.Join("x", value.shape)} in the checkpoint but {string.Join("x", tensor.shape)} with these flags");
                else if (!saved.ContainsKey(key) && !key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                    problems.Add($"{name} {key} does not exist in the checkpoint");
            }
        }
        return problems.Count == 0 ? "the networks would differ" : string.Join("; ", problems.Take(4)) + (problems.Count > 4 ? $"; and {problems.Count - 4} more" : "");
    }
}

/// <summary>What a finished (or interrupted) run reports.</summary>
internal sealed record TrainingResult(int Seed, long Iterations, StepStatistics LastStatistics, string OutputFolder, TrainingProgress Progress, bool Interrupted);
