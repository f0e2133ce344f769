using System.Diagnostics;
using System.Globalization;
using DcganSharp.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using DcganSharp.Interop;

namespace DcganSharp.Evaluation;

/// <summary>
/// Trains the evaluation LeNet on real training images. Labelled data trains it to predict the
/// labels; an unlabelled folder trains it to predict by how much each image was rotated (0, 90, 180
/// or 270 degrees; Gidaris et al. 2018), a self-supervised task that still forces the features to
/// describe the images' content and orientation. Accuracy is measured on held-out images.
/// </summary>
internal static class FeatureNetTrainer
{
    public const int Rotations = 4;

    /// <param name="dataset">The --dataset name, recorded in the metadata.</param>
    public static (LeNetClassifier Network, FeatureNetInfo Info) Train(TrainTestSplit data, string dataset, FeatureTrainingOptions options, Device device, TextWriter log)
    {
        OneDnnKernels.EnsureVerified(log.WriteLine);
        var train = data.Train;
        var rotation = train.Labels is null;
        var outputs = rotation ? Rotations : train.ClassNames.Count;
        var images = train.Images;
        if (images.ImageSize % 4 != 0)
            throw DcganException.Usage($"the feature network needs an image size that is a multiple of 4, got {images.ImageSize}; pass --image-size 28 or 32");
        if (!rotation && outputs < 2)
            throw DcganException.Usage($"{train.Description} has a single class; a classifier needs at least two (or none, for the rotation task)");

        manual_seed(options.Seed);
        var network = new LeNetClassifier(images.Channels, images.ImageSize, outputs, options.Width);
        try
        {
            network.to(device);
            using var optimizer = optim.Adam(network.parameters(), options.LearningRate);
            var loader = new BatchLoader(images, options.BatchSize, options.Seed);
            var random = new Random(options.Seed);
            var task = rotation ? "rotation prediction (unlabelled data)" : $"{outputs} classes";
            log.WriteLine($"Training LeNet features on {train.Description} ({task}) for {options.Epochs} epoch(s) of {loader.BatchesPerEpoch} batches on {device}");
            long iteration = 0;
            var clock = Stopwatch.StartNew();
            var accuracy = 0.0;
            var epochsRun = 0;
            for (var epoch = 0; epoch < options.Epochs && !Done(iteration, options); epoch++)
            {
                // The last of three or more epochs runs at a tenth of the rate, which settles the weights.
                var rate = options.Epochs >= 3 && epoch == options.Epochs - 1 ? options.LearningRate / 10 : options.LearningRate;
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = rate;
                network.train();
                double lossSum = 0;
                var batches = 0;
                foreach (var batch in loader.Epoch(epoch))
                {
                    using (batch)
                    using (var scope = NewDisposeScope())
                    {
                        var (input, target) = rotation
                            ? Rotate(batch.Images, random)
                            : (batch.Images, tensor(batch.Indices.Select(i => (long)train.Labels![i]).ToArray()));
                        optimizer.zero_grad();
                        var loss = F.cross_entropy(network.forward(input.to(device)), target.to(device));
                        loss.backward();
                        optimizer.step();
                        lossSum += loss.item<float>();
                        batches++;
                    }
                    if (Done(++iteration, options))
                        break;
                }
                epochsRun++;
                accuracy = Accuracy(network, data.Test, rotation, device, options.TestLimit, options.Seed);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  epoch {epoch + 1}/{options.Epochs}: loss {lossSum / Math.Max(1, batches):F4}, accuracy {accuracy:P2} on {data.TestDescription} ({clock.Elapsed.TotalSeconds:F0} s)"));
            }

            var info = new FeatureNetInfo
            {
                Dataset = dataset,
                DatasetIdentity = train.Identity,
                Task = rotation ? FeatureNetInfo.RotationTask : FeatureNetInfo.ClassesTask,
                Classes = rotation ? [] : train.ClassNames,
                Outputs = outputs,
                Channels = images.Channels,
                InputSize = images.ImageSize,
                FeatureSize = LeNetClassifier.FeatureSize,
                Width = options.Width,
                Accuracy = accuracy,
                AccuracyOn = options.TestLimit is { } limit && limit < data.Test.Count ? $"{limit:N0} of {data.TestDescription}" : data.TestDescription,
                TrainImages = images.Count,
                Epochs = epochsRun,
                CreatedUtc = DateTimeOffset.UtcNow,
            };
            network.eval();
            return (network, info);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Share of the first <paramref name="limit"/> test images classified correctly (rotations: each image at a seeded random rotation).</summary>
    public static double Accuracy(LeNetClassifier network, LabelledImages test, bool rotation, Device device, int? limit = null, int seed = 0)
    {
        var count = Math.Min(limit ?? test.Count, test.Count);
        var images = test.Images;
        var length = images.Channels * images.ImageSize * images.ImageSize;
        var random = new Random(seed);
        var wasTraining = network.training;
        network.eval();
        using var noGrad = no_grad();
        long correct = 0, seen = 0;
        const int BatchSize = 500;
        var pixels = new float[BatchSize * length];
        for (var start = 0; start < count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(BatchSize, count - start);
            var kept = new List<int>(n);
            for (var i = start; i < start + n; i++)
            {
                if (images.TryRead(i, pixels.AsSpan(kept.Count * length, length), out _))
                    kept.Add(i);
            }
            var batch = tensor(pixels.AsSpan(0, kept.Count * length).ToArray(), new long[] { kept.Count, images.Channels, images.ImageSize, images.ImageSize });
            var (input, target) = rotation ? Rotate(batch, random) : (batch, tensor(kept.Select(i => (long)test.Labels![i]).ToArray()));
            var predicted = network.forward(input.to(device)).argmax(1).cpu();
            correct += predicted.eq(target).sum().item<long>();
            seen += kept.Count;
        }
        network.train(wasTraining);
        return seen == 0 ? 0 : correct / (double)seen;
    }

    static bool Done(long iteration, FeatureTrainingOptions options) => options.MaxIterations is { } max && iteration >= max;

    /// <summary>Each image turned by a random multiple of 90 degrees, and those multiples as targets.</summary>
    static (Tensor Images, Tensor Targets) Rotate(Tensor images, Random random)
    {
        var turns = Enumerable.Range(0, (int)images.shape[0]).Select(_ => (long)random.Next(Rotations)).ToArray();
        var rotated = images.clone();
        for (var k = 1; k < Rotations; k++)
        {
            var which = turns.Select((t, i) => (t, i)).Where(p => p.t == k).Select(p => (long)p.i).ToArray();
            if (which.Length == 0)
                continue;
            var index = tensor(which);
            rotated.index_copy_(0, index, images.index_select(0, index).rot90(k, (2, 3)));
        }
        return (rotated, tensor(turns));
    }
}
