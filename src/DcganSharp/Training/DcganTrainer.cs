using System.Diagnostics;
using DcganSharp.Data;
using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>
/// Runs `dcgan train`: opens the data, builds and initialises the networks, and trains them with
/// the reference loop, writing what pytorch/examples writes: real_samples.png and
/// fake_samples_epoch_NNN.png every <see cref="TrainingOptions.SampleEvery"/> iterations and
/// netG_epoch_N.pth / netD_epoch_N.pth after every epoch.
/// </summary>
public sealed class DcganTrainer
{
    readonly TrainingOptions options;
    readonly ITrainingReporter reporter;

    public DcganTrainer(TrainingOptions options, ITrainingReporter reporter)
    {
        TrainingOptionsValidator.Validate(options);
        this.options = options;
        this.reporter = reporter;
    }

    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var seed = options.Seed ?? Random.Shared.Next(1, 10001);
        reporter.Info($"Random Seed: {seed}");
        var device = ComputeDevice.Resolve(options.Device);
        reporter.Info($"Using device: {device}");
        var outf = OutputFolder.Prepare(options.OutputFolder);

        using var dataset = DatasetFactory.Open(options, seed, new ReporterWriter(reporter));
        reporter.Info($"Dataset: {dataset.Description}");
        var architecture = new DcganArchitecture(options.ImageSize, dataset.Channels, options.LatentSize, options.GeneratorFeatures, options.DiscriminatorFeatures);

        // The reference's order of random draws: G init, D init, fixed noise, then per-iteration noise.
        manual_seed(seed);
        if (device.type == DeviceType.CUDA)
            cuda.manual_seed_all(seed);
        using var generator = WeightInit.Apply(new DcganGenerator(architecture));
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));
        if (options.GeneratorWeights is { } netG)
            StateDictFile.Load(generator, netG, "--netG", $"a generator for {architecture}");
        if (options.DiscriminatorWeights is { } netD)
            StateDictFile.Load(discriminator, netD, "--netD", $"a discriminator for {architecture}");
        generator.to(device);
        discriminator.to(device);
        reporter.Info($"Generator: {architecture}, {generator.parameters().Sum(p => p.numel()):N0} parameters");
        reporter.Info($"Discriminator: {architecture}, {discriminator.parameters().Sum(p => p.numel()):N0} parameters");

        using var fixedNoise = generator.SampleLatent(options.BatchSize, device);
        using var step = new GanTrainingStep(generator, discriminator, options.LearningRate, options.Beta1);
        var loader = new BatchLoader(dataset, options.BatchSize, seed);
        var unreadable = 0;
        loader.UnreadableImage += index =>
        {
            unreadable++;
            reporter.Warn($"skipped unreadable image #{index}");
        };
        if (loader.BatchesPerEpoch == 0)
            throw new DcganException($"the dataset has {dataset.Count} image(s), fewer than one batch of 2; add images or lower --batch-size");

        var epochs = options.DryRun ? 1 : options.Epochs;
        var throughput = new ThroughputMeter();
        var last = default(StepStatistics);
        var iterationsDone = 0L;
        var totalIterations = (long)epochs * loader.BatchesPerEpoch;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var i = 0;
            foreach (var batch in loader.Epoch(epoch))
            {
                using (batch)
                using (var iterationScope = NewDisposeScope())
                {
                    var real = batch.Images.to(device);
                    var latent = generator.SampleLatent(batch.Count, device);
                    last = step.Run(real, latent);
                    iterationsDone++;
                    throughput.Add(batch.Count);
                    var remaining = throughput.Remaining(totalIterations - iterationsDone, options.BatchSize);
                    reporter.Iteration(new IterationReport(epoch, epochs, i, loader.BatchesPerEpoch, last, throughput.ImagesPerSecond, remaining));

                    if (i % options.SampleEvery == 0)
                    {
                        WriteGrid(real, Path.Combine(outf, "real_samples.png"));
                        // Like the reference: the fixed noise goes through G in training mode.
                        using var noGrad = no_grad();
                        WriteGrid(generator.forward(fixedNoise), Path.Combine(outf, $"fake_samples_epoch_{epoch:D3}.png"));
                    }
                }
                i++;
                if (options.DryRun || cancellation.IsCancellationRequested)
                    break;
            }
            StateDictFile.Save(generator, Path.Combine(outf, $"netG_epoch_{epoch}.pth"));
            StateDictFile.Save(discriminator, Path.Combine(outf, $"netD_epoch_{epoch}.pth"));
            reporter.EpochEnd(epoch, epochs, epochClock.Elapsed);
            if (cancellation.IsCancellationRequested)
                break;
        }
        if (unreadable > 0)
            reporter.Warn($"{unreadable} image(s) could not be read and were skipped");
        return new TrainingResult(seed, iterationsDone, last, outf);
    }

    static void WriteGrid(Tensor images, string path)
    {
        using var grid = ImageGrid.ToRgbBytes(images);
        PngFile.Write(path, grid);
    }
}

/// <summary>What a finished run reports.</summary>
public sealed record TrainingResult(int Seed, long Iterations, StepStatistics LastStatistics, string OutputFolder);
