using System.Diagnostics;
using DcganSharp.Checkpoints;
using DcganSharp.Data;
using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>
/// Runs `dcgan train`: opens the data, builds (or restores) the networks, and trains them with
/// the reference loop, writing what pytorch/examples writes (real_samples.png,
/// fake_samples_epoch_NNN.png, netG_epoch_N.pth, netD_epoch_N.pth) plus full-state checkpoints
/// that let a killed run continue exactly where it stopped.
/// </summary>
public sealed class DcganTrainer
{
    readonly TrainingOptions given;
    readonly ITrainingReporter reporter;

    public DcganTrainer(TrainingOptions options, ITrainingReporter reporter)
    {
        TrainingOptionsValidator.Validate(options);
        given = options;
        this.reporter = reporter;
    }

    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var (options, resume, resumePath) = PrepareResume();
        using var resumed = resume;

        var seed = options.Seed ?? Random.Shared.Next(1, 10001);
        reporter.Info($"Random Seed: {seed}");
        var device = ComputeDevice.Resolve(options.Device);
        reporter.Info($"Using device: {device}");
        var outf = OutputFolder.Prepare(options.OutputFolder);
        if (resume is null && !options.Overwrite && CheckpointStore.HoldsRun(outf))
            throw DcganException.Usage($"--outf '{options.OutputFolder}' already holds a training run; continue it with --resume {options.OutputFolder}, choose another --outf, or pass --overwrite to replace it");

        using var dataset = DatasetFactory.Open(options, seed, new ReporterWriter(reporter));
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
                StateDictFile.Load(generator, netG, "--netG", $"a generator for {architecture}");
            if (options.DiscriminatorWeights is { } netD)
                StateDictFile.Load(discriminator, netD, "--netD", $"a discriminator for {architecture}");
        }
        using var initial = new NetworkSnapshot(generator, discriminator);
        generator.to(device);
        discriminator.to(device);
        reporter.Info($"Generator: {architecture}, {generator.parameters().Sum(p => p.numel()):N0} parameters");
        reporter.Info($"Discriminator: {architecture}, {discriminator.parameters().Sum(p => p.numel()):N0} parameters");

        using var fixedNoise = resume?.FixedNoise.to(device) ?? generator.SampleLatent(options.BatchSize, device);
        var step = new GanTrainingStep(generator, discriminator, options.LearningRate, options.Beta1);
        try
        {
            if (resume is not null)
            {
                AdamStateDict.Import(step.GeneratorOptimizer, resume.GeneratorOptimizer, $"checkpoint '{resumePath}' (optimizerG)");
                AdamStateDict.Import(step.DiscriminatorOptimizer, resume.DiscriminatorOptimizer, $"checkpoint '{resumePath}' (optimizerD)");
                set_rng_state(resume.RngState);
            }
            var run = new TrainingLoop(this, options, dataset, generator, discriminator, fixedNoise, initial, outf, seed, device)
            {
                Step = step,
                Progress = resume?.Progress ?? new TrainingProgress(0, 0, 0, 0, seed),
                History = resume?.History.ToList() ?? [],
            };
            if (resume is not null)
                run.Store.Remember(resumePath!, resume);
            var result = run.Train(cancellation);
            step = run.Step;
            return result;
        }
        finally
        {
            step.Dispose();
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
            var (options, notes) = ResumePlan.Merge(given, checkpoint.Config, path);
            TrainingOptionsValidator.Validate(options);
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

    /// <summary>The state of one training run, and the loop that advances it.</summary>
    sealed class TrainingLoop(DcganTrainer trainer, TrainingOptions options, IImageDataset dataset, DcganGenerator generator,
        DcganDiscriminator discriminator, Tensor fixedNoise, NetworkSnapshot initial, string outf, int seed, Device device)
    {
        readonly ITrainingReporter reporter = trainer.reporter;
        readonly DivergenceGuard guard = new(options.CollapsePatience);
        readonly ThroughputMeter throughput = new();

        public CheckpointStore Store { get; } = new(outf, options.Keep);

        public required GanTrainingStep Step { get; set; }

        public required TrainingProgress Progress { get; set; }

        public required List<HistoryEntry> History { get; set; }

        TrainingVisuals visuals = null!;

        public TrainingResult Train(CancellationToken cancellation)
        {
            visuals = OpenVisuals();
            try
            {
                return TrainEpochs(cancellation);
            }
            finally
            {
                visuals.Dispose();
            }
        }

        /// <summary>metrics.csv, losses.png, progress.gif (and TensorBoard), continuing from the current step.</summary>
        TrainingVisuals OpenVisuals() =>
            new(outf, options.TensorBoard ? Path.Combine(outf, "tensorboard") : null, resumeFromStep: Progress.GlobalStep);

        TrainingResult TrainEpochs(CancellationToken cancellation)
        {
            using var loader = new BatchLoader(dataset, options.BatchSize, seed, options.Workers);
            var unreadable = 0;
            loader.UnreadableImage += skipped =>
            {
                unreadable++;
                if (skipped.FirstTime)
                    reporter.Warn($"skipped unreadable image {skipped}");
            };
            if (loader.BatchesPerEpoch == 0)
                throw new DcganException($"the dataset has {dataset.Count} image(s), fewer than one batch of 2; add images or lower --batch-size");

            var epochs = options.DryRun ? 1 : options.Epochs;
            var iterations = 0L;
            var last = History.Count > 0 ? History[^1].Statistics : default;
            while (Progress.Epoch < epochs)
            {
                var epoch = Progress.Epoch;
                var clock = Stopwatch.StartNew();
                var waitedBefore = loader.Statistics.Waited;
                var rolledBack = false;
                foreach (var batch in loader.Epoch(epoch, Progress.NextBatch))
                {
                    var i = Progress.NextBatch;
                    using (batch)
                    using (var scope = NewDisposeScope())
                    {
                        var real = batch.Images.to(device);
                        last = Step.Run(real, generator.SampleLatent(batch.Count, device));
                        iterations++;
                        Progress = Progress with { NextBatch = i + 1, GlobalStep = Progress.GlobalStep + 1 };
                        History.Add(new HistoryEntry(epoch, i, last));
                        throughput.Add(batch.Count);
                        var remaining = throughput.Remaining((long)(epochs - epoch) * loader.BatchesPerEpoch - i - 1, options.BatchSize);
                        var report = new IterationReport(epoch, epochs, i, loader.BatchesPerEpoch, last, throughput.ImagesPerSecond, remaining);
                        reporter.Iteration(report);
                        visuals.Iteration(report);
                        if (i % options.SampleEvery == 0)
                        {
                            WriteGrid(real, "real_samples.png");
                            WriteFixedNoiseSamples(epoch).Dispose();
                        }
                    }

                    if (guard.Observe(Progress.GlobalStep, last) is { } reason && options.OnDiverge != "ignore")
                    {
                        if (options.OnDiverge != "rollback" || Progress.Rollbacks >= options.MaxRollbacks)
                            throw Diverged(epoch, i, reason);
                        RollBack(reason);
                        rolledBack = true;
                        break;
                    }
                    if (options.SaveEvery > 0 && Progress.GlobalStep % options.SaveEvery == 0)
                        SaveCheckpoint(endOfEpoch: null);
                    if (options.DryRun || cancellation.IsCancellationRequested)
                        break;
                }
                if (rolledBack)
                    continue;
                if (cancellation.IsCancellationRequested && Progress.NextBatch < loader.BatchesPerEpoch && !options.DryRun)
                {
                    SaveCheckpoint(endOfEpoch: null);
                    return Result(iterations, last, interrupted: true);
                }

                // End of epoch: the reference's weight files, a final sample grid, the visuals, a checkpoint.
                using (var fake = WriteFixedNoiseSamples(epoch))
                using (var frame = ImageGrid.ToRgbBytes(fake, normalize: false))
                    visuals.EpochEnd(epoch, Progress.GlobalStep, frame);
                StateDictFile.Save(generator, Path.Combine(outf, $"netG_epoch_{epoch}.pth"));
                StateDictFile.Save(discriminator, Path.Combine(outf, $"netD_epoch_{epoch}.pth"));
                Progress = Progress with { Epoch = epoch + 1, NextBatch = 0 };
                SaveCheckpoint(endOfEpoch: epoch);
                reporter.EpochEnd(epoch, epochs, clock.Elapsed);
                if (unreadable > 0)
                    reporter.Warn($"{unreadable} image(s) could not be read and were skipped this epoch");
                if (loader.Statistics.Waited - waitedBefore is var waited && waited.TotalSeconds >= 1 && waited > clock.Elapsed * 0.1)
                    reporter.Info($"note: training waited for data {waited / clock.Elapsed:P0} of this epoch; more --workers (now {options.Workers}) or --cache would help");
                unreadable = 0;
                if (options.DryRun)
                    break;
                if (cancellation.IsCancellationRequested && Progress.Epoch < epochs)
                    return Result(iterations, last, interrupted: true);
            }
            return Result(iterations, last, interrupted: false);
        }

        TrainingResult Result(long iterations, StepStatistics last, bool interrupted) =>
            new(seed, iterations, last, outf, Progress, interrupted);

        void SaveCheckpoint(int? endOfEpoch)
        {
            using var checkpoint = Capture();
            if (endOfEpoch is { } epoch)
                Store.SaveEpoch(checkpoint, epoch);
            else
                Store.SaveLatest(checkpoint);
        }

        /// <summary>A self-contained copy of the current state (tensors cloned to the CPU).</summary>
        TrainingCheckpoint Capture()
        {
            static Dictionary<string, Tensor> Copy(nn.Module module) =>
                module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());
            return new TrainingCheckpoint
            {
                Config = new CheckpointConfig
                {
                    Architecture = generator.Architecture,
                    Dataset = options.Dataset,
                    DataRoot = options.DataRoot is null ? null : Path.GetFullPath(options.DataRoot),
                    DatasetDescription = dataset.Description,
                    Split = options.Split,
                    CelebaCrop = options.CelebaCrop,
                    BatchSize = options.BatchSize,
                    LearningRate = options.LearningRate,
                    Beta1 = options.Beta1,
                    Epochs = options.Epochs,
                    Seed = seed,
                },
                Progress = Progress,
                Healthy = guard.StreakStart is null,
                Generator = Copy(generator),
                Discriminator = Copy(discriminator),
                GeneratorOptimizer = AdamStateDict.Export(Step.GeneratorOptimizer),
                DiscriminatorOptimizer = AdamStateDict.Export(Step.DiscriminatorOptimizer),
                FixedNoise = fixedNoise.cpu().clone(),
                RngState = get_rng_state(),
                History = History,
            };
        }

        /// <summary>Restores the newest healthy checkpoint from before the trouble began (or the initial weights) and reseeds the noise.</summary>
        void RollBack(string reason)
        {
            var target = Store.LastGoodBefore(guard.StreakStart ?? Progress.GlobalStep);
            string from;
            if (target is not null)
            {
                using var checkpoint = TrainingCheckpoint.Load(target);
                StateDictFile.LoadInto(generator, checkpoint.Generator, $"checkpoint '{target}' (netG)");
                StateDictFile.LoadInto(discriminator, checkpoint.Discriminator, $"checkpoint '{target}' (netD)");
                AdamStateDict.Import(Step.GeneratorOptimizer, checkpoint.GeneratorOptimizer, $"checkpoint '{target}' (optimizerG)");
                AdamStateDict.Import(Step.DiscriminatorOptimizer, checkpoint.DiscriminatorOptimizer, $"checkpoint '{target}' (optimizerD)");
                Progress = checkpoint.Progress with { Rollbacks = Progress.Rollbacks };
                History = checkpoint.History.ToList();
                from = $"checkpoint '{target}' (step {Progress.GlobalStep})";
            }
            else
            {
                initial.Restore(generator, discriminator);
                Step.Dispose();
                Step = new GanTrainingStep(generator, discriminator, options.LearningRate, options.Beta1);
                Progress = new TrainingProgress(0, 0, 0, Progress.Rollbacks, Progress.NoiseSeed);
                History = [];
                from = "the initial weights";
            }
            var rollbacks = Progress.Rollbacks + 1;
            var noiseSeed = seed + 7919L * rollbacks;
            manual_seed(noiseSeed);
            Progress = Progress with { Rollbacks = rollbacks, NoiseSeed = noiseSeed };
            guard.Reset();
            visuals.Dispose();
            visuals = OpenVisuals();
            reporter.Warn($"training diverged: {reason}; rolled back to {from} with a fresh noise seed {noiseSeed} (rollback {rollbacks} of {options.MaxRollbacks})");
        }

        DcganException Diverged(int epoch, int iteration, string reason)
        {
            var lastGood = Store.LastGoodBefore(guard.StreakStart ?? Progress.GlobalStep);
            var where = lastGood is null ? "no checkpoint from before it exists" : $"the last good checkpoint is '{lastGood}'";
            var advice = options.OnDiverge == "rollback"
                ? $"it kept diverging after {Progress.Rollbacks} rollback(s); try a lower --lr or smaller --ndf"
                : "rerun with --on-diverge rollback to restart from it with fresh noise, or try a lower --lr";
            return new DcganException($"training diverged at epoch {epoch}, iteration {iteration}: {reason}; outputs in '{outf}' were kept and {where}; {advice}");
        }

        /// <summary>Writes fake_samples_epoch_NNN.png and returns the samples (the caller disposes them).</summary>
        Tensor WriteFixedNoiseSamples(int epoch)
        {
            // Like the reference: the fixed noise goes through G in training mode (batch statistics).
            using var noGrad = no_grad();
            var fake = generator.forward(fixedNoise);
            WriteGrid(fake, $"fake_samples_epoch_{epoch:D3}.png");
            return fake;
        }

        void WriteGrid(Tensor images, string name)
        {
            using var grid = ImageGrid.ToRgbBytes(images);
            PngFile.Write(Path.Combine(outf, name), grid);
        }
    }

    /// <summary>The networks' starting weights, kept on the CPU for a rollback to the very beginning.</summary>
    sealed class NetworkSnapshot(DcganGenerator generator, DcganDiscriminator discriminator) : IDisposable
    {
        readonly Dictionary<string, Tensor> g = generator.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());
        readonly Dictionary<string, Tensor> d = discriminator.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());

        public void Restore(DcganGenerator generatorTarget, DcganDiscriminator discriminatorTarget)
        {
            StateDictFile.LoadInto(generatorTarget, g, "initial generator weights");
            StateDictFile.LoadInto(discriminatorTarget, d, "initial discriminator weights");
        }

        public void Dispose()
        {
            foreach (var tensor in g.Values.Concat(d.Values))
                tensor.Dispose();
        }
    }
}

/// <summary>What a finished (or interrupted) run reports.</summary>
public sealed record TrainingResult(int Seed, long Iterations, StepStatistics LastStatistics, string OutputFolder, TrainingProgress Progress, bool Interrupted);
