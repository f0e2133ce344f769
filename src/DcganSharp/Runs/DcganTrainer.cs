using System.Diagnostics;
using DcganSharp.Checkpoints;
using DcganSharp.Data;
using DcganSharp.Generation;
using DcganSharp.IO;
using DcganSharp.Interop;
using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// `dcgan train`, top to bottom: what to train (the options, or a checkpoint's merged with those
/// given again), the data, the networks in the reference's order of random draws, then for each
/// epoch and batch the step, its report and sample grids, the divergence guard and the periodic
/// checkpoint, and at each epoch's end the reference's weight files and a checkpoint. It writes
/// what pytorch/examples writes plus full-state checkpoints that let a killed run continue exactly
/// where it stopped. Beside it: <see cref="ResumedRun"/>, <see cref="Rollback"/>, the state it
/// trains (<see cref="RunState"/>) and the files it writes (<see cref="RunOutputs"/>).
/// </summary>
internal sealed class DcganTrainer
{
    readonly DcganOptions given;
    readonly ITrainingReporter reporter;
    readonly SettingNames names;

    /// <param name="options">What to train; checked here, before any work.</param>
    /// <param name="reporter">Where progress and notes go.</param>
    /// <param name="names">How messages name a setting (the command line's flags); default: the library's names.</param>
    public DcganTrainer(DcganOptions options, ITrainingReporter reporter, SettingNames? names = null)
    {
        this.names = names ?? SettingNames.Library;
        TrainingOptionsValidator.Validate(options, this.names);
        given = options;
        this.reporter = reporter;
    }

    string Name(string property) => names.Name(property);

    string ArchitectureAdvice() =>
        $"check {Name(nameof(DcganOptions.ImageSize))}, {Name(nameof(DcganOptions.LatentSize))}, {Name(nameof(DcganOptions.GeneratorFeatures))}/{Name(nameof(DcganOptions.DiscriminatorFeatures))} and the channel count";

    public TrainingResult Run(CancellationToken cancellation = default)
    {
        using var resume = ResumedRun.Open(given, reporter, names);
        var options = resume?.Options ?? TrainingRecipe.WithDefaults(given, DiscriminatorWidth(given));
        var recipe = resume?.Recipe ?? TrainingRecipe.Resolve(options);
        var seed = options.Seed ?? Random.Shared.Next(1, 10001);
        reporter.Info($"Random Seed: {seed}");
        var (device, hostThreads) = UseDevice(options);
        using var lowered = hostThreads;
        var folder = options.OutputFolder ?? NewTemporaryFolder();
        var outf = OutputFolder.Prepare(folder, Name(nameof(options.OutputFolder)));
        using var runLock = RunLock.Acquire(outf, names);
        if (resume is null && !options.Overwrite && CheckpointStore.HoldsRun(outf))
            throw DcganException.Usage($"{Name(nameof(options.OutputFolder))} '{folder}' already holds a training run; continue it with {names.Setting(nameof(options.Resume), folder)}, " +
                $"choose another {Name(nameof(options.OutputFolder))}, or use {names.Advice(nameof(options.Overwrite), true)} to replace it");

        if (resume is null)
            BestGeneratorKeeper.RemoveStale(outf, reporter);

        using var dataset = DatasetFactory.Open(DatasetRequest.For(options, names), seed, new ReporterWriter(reporter));
        reporter.Info($"Dataset: {dataset.Description}");
        var classes = options.Conditional ? ClassLabels.Require(dataset, options.Dataset!.Value, names) : null;
        if (classes is not null)
            reporter.Info($"Classes: {classes.Names.Count} ({string.Join(", ", classes.Names.Take(12))}{(classes.Names.Count > 12 ? ", ..." : "")})");
        if (resume is not null && classes is not null && !(resume.Checkpoint.Config.ClassNames ?? []).SequenceEqual(classes.Names))
            throw new DcganException($"the data's classes ({string.Join(", ", classes.Names.Take(12))}) are not those checkpoint '{resume.Path}' was trained on " +
                $"({string.Join(", ", (resume.Checkpoint.Config.ClassNames ?? []).Take(12))}); point {Name(nameof(options.DataRoot))} at the run's original data");
        var architecture = new DcganArchitecture(options.ImageSize, dataset.Channels, options.LatentSize, options.GeneratorFeatures, options.DiscriminatorFeatures!.Value,
            classes?.Names.Count ?? 0);
        if (resume is not null && resume.Checkpoint.Config.Architecture != architecture)
            throw new DcganException($"the data now has {dataset.Channels} channel(s) but checkpoint '{resume.Path}' was trained on {resume.Checkpoint.Config.Architecture.Channels}; point {Name(nameof(options.DataRoot))} at the run's original data");

        // The reference's order of random draws: G init, D init, fixed noise, then per-iteration noise.
        manual_seed(seed);
        if (device.type == DeviceType.CUDA)
            cuda.manual_seed_all(seed);
        using var generator = WeightInit.Apply(new DcganGenerator(architecture));
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));
        if (resume is null && options.GeneratorWeights is { } netG)
            StateDictFile.Load(generator, netG, Name(nameof(options.GeneratorWeights)), $"a generator for {architecture}", NetworkRole.Generator, ArchitectureAdvice());
        if (resume is null && options.DiscriminatorWeights is { } netD)
            StateDictFile.Load(discriminator, netD, Name(nameof(options.DiscriminatorWeights)), $"a discriminator for {architecture}", NetworkRole.Discriminator, ArchitectureAdvice());
        generator.to(device);
        discriminator.to(device);
        if (device.type == DeviceType.CPU)
        {
            // oneDNN's own layout: faster on the CPU (bench/speed/README.md); the same numbers up to float rounding.
            ChannelsLast.Apply(generator);
            ChannelsLast.Apply(discriminator);
        }
        reporter.Info($"Generator: {architecture}, {generator.parameters().Sum(p => p.numel()):N0} parameters");
        reporter.Info($"Discriminator: {architecture}, {discriminator.parameters().Sum(p => p.numel()):N0} parameters");
        using var fixedNoise = resume?.Checkpoint.FixedNoise.to(device) ?? generator.SampleLatent(options.BatchSize!.Value, device);
        reporter.Info($"Recipe: {recipe}");
        using var average = recipe.AveragesGenerator ? new GeneratorAverage(generator, recipe, device) : null;

        using var run = new RunState(options, generator, discriminator, average, fixedNoise, recipe, seed, classes?.Names);
        var store = new CheckpointStore(outf, options.Keep);
        if (resume is not null)
        {
            run.Restore(resume.Checkpoint, resume.Path);
            set_rng_state(resume.Checkpoint.RngState);
            store.Remember(resume.Path, resume.Checkpoint);
            if (run.Progress.Epoch >= options.Epochs)
                reporter.Info($"Nothing to train: the run already finished its {options.Epochs} epoch(s); resume with {names.Setting(nameof(options.Epochs), options.Epochs + 5)} (say) to train further");
        }
        using var initial = new NetworkSnapshot(generator, discriminator);
        using var outputs = new RunOutputs(options, run, outf, device, reporter);
        return Train(options, run, dataset, classes, store, initial, outputs, device, cancellation);
    }

    /// <summary>The epochs: for each batch the step, its report and samples, the guard and periodic checkpoints; at each end the weights and a checkpoint.</summary>
    TrainingResult Train(DcganOptions options, RunState run, IImageDataset dataset, ClassLabels? classes, CheckpointStore store, NetworkSnapshot initial, RunOutputs outputs,
        Device device, CancellationToken cancellation)
    {
        // On a GPU the workers deliver pinned batches, so the training thread only queues their copy.
        var batchSize = options.BatchSize!.Value;
        using var loader = new BatchLoader(dataset, batchSize, run.Seed, options.Workers, pinMemory: device.type == DeviceType.CUDA);
        var unreadable = 0;
        loader.UnreadableImage += skipped =>
        {
            unreadable++;
            if (skipped.FirstTime)
                reporter.Warn($"skipped unreadable image {skipped}");
        };
        if (loader.BatchesPerEpoch == 0)
            throw new DcganException($"the dataset has {dataset.Count} image(s); training needs at least 2 (BatchNorm over a batch of one image is undefined); add images");

        var guard = new DivergenceGuard(options.CollapsePatience, options.CollapseMargin);
        var throughput = new ThroughputMeter();
        void Save(int? endOfEpoch)
        {
            using var checkpoint = run.Capture(healthy: guard.StreakStart is null, dataset.Description);
            if (endOfEpoch is { } epoch)
                store.SaveEpoch(checkpoint, epoch);
            else
                store.SaveLatest(checkpoint);
        }
        TrainingResult Result(long iterations, StepStatistics last, bool interrupted) => new(run.Seed, iterations, last, store.Folder, run.Progress, interrupted);

        var epochs = options.DryRun ? 1 : options.Epochs;
        var iterations = 0L;
        var last = run.History.Count > 0 ? run.History[^1].Statistics : default;
        while (run.Progress.Epoch < epochs)
        {
            var epoch = run.Progress.Epoch;
            var clock = Stopwatch.StartNew();
            var waitedBefore = loader.Statistics.Waited;
            var rolledBack = false;
            foreach (var batch in loader.Epoch(epoch, run.Progress.NextBatch))
            {
                var i = run.Progress.NextBatch;
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    // From pinned memory the copy to a GPU overlaps the work already queued.
                    var real = device.type == DeviceType.CUDA ? batch.Images.to(device, non_blocking: true) : batch.Images;
                    var latent = run.Generator.SampleLatent(batch.Count, device);
                    Tensor? realLabels = null, fakeLabels = null;
                    if (classes is not null)
                    {
                        // The fake images' classes come from the same seeded stream as their codes, right after them, so resume stays exact.
                        fakeLabels = randint(classes.Names.Count, [batch.Count], dtype: int64, device: device);
                        realLabels = tensor(batch.Indices.Select(index => (long)classes.Labels[index]).ToArray()).to(device);
                    }
                    last = run.Step.Run(real, latent, realLabels, fakeLabels);
                    iterations++;
                    run.Advance(epoch, i, batch.Count, last);
                    throughput.Add(batch.Count);
                    var remaining = throughput.Remaining((long)(epochs - epoch) * loader.BatchesPerEpoch - i - 1, batchSize);
                    var report = new IterationReport(epoch, epochs, i, loader.BatchesPerEpoch, last, throughput.ImagesPerSecond, remaining);
                    reporter.Iteration(report);
                    outputs.Iteration(report, real);
                }

                if (guard.Observe(run.Progress.GlobalStep, last) is { } reason && options.OnDiverge != DivergencePolicy.Ignore)
                {
                    if (options.OnDiverge != DivergencePolicy.Rollback || run.Progress.Rollbacks >= options.MaxRollbacks)
                        throw Rollback.GiveUp(run, store, guard, options, epoch, i, reason, names);
                    var from = Rollback.Apply(run, store, guard, initial);
                    outputs.Restart();
                    reporter.Warn($"training diverged: {reason}; rolled back to {from} with a fresh noise seed {run.Progress.NoiseSeed} and D's learning rate halved to " +
                        $"{options.LearningRate * run.Recipe.DiscriminatorLearningRateScale:G3} (rollback {run.Progress.Rollbacks} of {options.MaxRollbacks})");
                    rolledBack = true;
                    break;
                }
                if (options.SaveEvery > 0 && run.Progress.GlobalStep % options.SaveEvery == 0)
                    Save(endOfEpoch: null);
                if (options.DryRun || cancellation.IsCancellationRequested)
                    break;
            }
            if (rolledBack)
                continue;
            if (cancellation.IsCancellationRequested && run.Progress.NextBatch < loader.BatchesPerEpoch && !options.DryRun)
            {
                Save(endOfEpoch: null);
                return Result(iterations, last, interrupted: true);
            }

            // End of epoch: the reference's weight files, a final sample grid, the visuals, a checkpoint.
            outputs.EpochEnd(epoch);
            run.Progress = run.Progress with { Epoch = epoch + 1, NextBatch = 0 };
            Save(endOfEpoch: epoch);
            reporter.EpochEnd(epoch, epochs, clock.Elapsed);
            if (unreadable > 0)
                reporter.Warn($"{unreadable} image(s) could not be read and were skipped this epoch");
            if (loader.Statistics.Waited - waitedBefore is var waited && waited.TotalSeconds >= 1 && waited > clock.Elapsed * 0.1)
                reporter.Info($"note: training waited for data {waited / clock.Elapsed:P0} of this epoch; more {Name(nameof(options.Workers))} (now {options.Workers}) or {names.Advice(nameof(options.Cache), true)} would help");
            unreadable = 0;
            if (options.DryRun)
                break;
            if (cancellation.IsCancellationRequested && run.Progress.Epoch < epochs)
                return Result(iterations, last, interrupted: true);
        }
        return Result(iterations, last, interrupted: false);
    }

    /// <summary>The width of the netD to start from, when ndf is not given and the file can be read (the recipe's ndf otherwise).</summary>
    static int? DiscriminatorWidth(DcganOptions options) =>
        options.DiscriminatorFeatures is null && options.DiscriminatorWeights is { } netD ? ArchitectureInference.DiscriminatorWidth(netD) : null;

    /// <summary>Where a run without an output folder writes: a new folder under the system's temporary folder.</summary>
    static string NewTemporaryFolder() =>
        Path.Combine(Path.GetTempPath(), "dcgan-sharp", $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..40]);

    /// <summary>
    /// The device to train on, with TF32 set as the options ask and cuDNN autotuning on (as
    /// pytorch/examples sets cudnn.benchmark), and the host's threads lowered for training until disposed.
    /// </summary>
    (Device Device, IDisposable HostThreads) UseDevice(DcganOptions options)
    {
        var device = ComputeDevice.Resolve(options.Device, options.DeviceIndex, names);
        if (device.type == DeviceType.CUDA)
        {
            backends.cuda.matmul.allow_tf32 = options.AllowTf32;
            backends.cudnn.allow_tf32 = options.AllowTf32;
        }
        var autotuned = device.type == DeviceType.CUDA && LibTorchSwitch.CudnnBenchmark.TrySet(true);
        var hostThreads = HostThreads.LowerForTraining(device.type);
        OneDnnKernels.EnsureVerified(reporter.Info);
        reporter.Info(device.type == DeviceType.CPU ? $"Using device: cpu ({get_num_threads()} threads)"
            : $"Using device: {device} (TF32 {(options.AllowTf32 ? $"on; {names.Advice(nameof(options.AllowTf32), false)} for full FP32" : "off")}; cuDNN autotuning {(autotuned ? "on" : "unavailable in this libtorch")}; {get_num_threads()} CPU thread(s) for libtorch, OMP_NUM_THREADS to change)");
        return (device, hostThreads);
    }
}

/// <summary>What a finished (or interrupted) run reports.</summary>
internal sealed record TrainingResult(int Seed, long Iterations, StepStatistics LastStatistics, string OutputFolder, TrainingProgress Progress, bool Interrupted);
