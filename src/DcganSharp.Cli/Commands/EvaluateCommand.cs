using System.CommandLine;
using System.Diagnostics;
using DcganSharp.Data;
using DcganSharp.Evaluation;
using static DcganSharp.Cli.Commands.OptionFactory;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// `dcgan evaluate`: FID, KID, precision/recall and class coverage of a generator's samples (or a
/// folder of images) against a real dataset, with an optional FID sanity check; and, as a
/// sub-command, `train-features` for the feature network these are measured with.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Below this many samples FID is strongly biased and noisy (the usual advice for Inception features).</summary>
    public const int StableSampleCount = 2048;

    public static Command Create(TextWriter output, TextWriter errors)
    {
        var common = new GeneratorOptions(optional: true);
        var images = Optional<string>("--images", "Evaluate every image in this folder (e.g. from dcgan sample --out-dir) instead of a generator's samples; --count does not apply");
        var dataset = new Option<string>("--dataset") { Description = $"Real data to compare with: {string.Join(" | ", RealData.Names)}", Required = true };
        var dataroot = Optional<string>("--dataroot", "Path to the dataset (MNIST files are downloaded here when missing) or the image folder");
        var features = Optional<string>("--features", "Feature network from 'dcgan evaluate train-features' (LeNet, FID-LeNet; gives class coverage too); needed for gray data");
        var inception = Optional<string>("--inception", "Inception-v3 weights (.pth in torchvision's layout) for 2048-d pool features (the standard FID); see docs/evaluation.md. Without either, RGB data is judged by the pretrained ResNet18 (FID-ResNet18)");
        var realCount = Optional<int?>("--real-count", "Compare with at most this many real images, drawn at random (always the same ones); default: all");
        var count = WithDefault("--count", "Samples to generate", 10_000L, "-n");
        var seed = WithDefault("--seed", "Seed of the latent codes (the codes of dcgan sample --seed)", 0L, "--manual-seed");
        var json = Optional<string>("--json", "Also write the results as JSON to this file");
        var sanity = Flag("--sanity", "Also check FID itself: held-out real images vs the reference, then with growing noise and blur (FID must grow)");
        var realSplit = WithDefault("--real-split", "Real split the samples are compared with (MNIST-family data): train | test", "train");
        realSplit.AcceptOnlyFromAmong("train", "test");
        var cacheDir = Optional<string>("--cache-dir", $"Folder for cached real statistics (default: {RealStatisticsCache.DefaultFolder})");
        var kidSubsets = WithDefault("--kid-subsets", "KID: random subsets to average over", KernelInceptionDistance.DefaultSubsets);
        var kidSubsetSize = WithDefault("--kid-subset-size", "KID: images per subset (reduced to the sample count when larger)", KernelInceptionDistance.DefaultSubsetSize);
        var neighbours = WithDefault("--k", "Precision/recall: k of the k-nearest-neighbour manifolds", PrecisionRecall.DefaultK);
        var noDownload = Flag("--no-download", "Never download datasets; fail if the files are missing");
        var classAccuracy = Optional<int?>("--class-accuracy", "Also draw this many samples of each class of a conditional generator (e.g. 1000) and report the share " +
            "the judge's classifier (--features) labels as the class asked for");

        var command = new Command("evaluate", "Measure sample quality: FID, KID, precision/recall and class coverage against real data")
        {
            images, dataset, dataroot, features, inception, realCount, count, seed, json, sanity, realSplit, cacheDir, kidSubsets, kidSubsetSize, neighbours, noDownload, classAccuracy,
        };
        common.AddTo(command);
        command.Subcommands.Add(TrainFeaturesCommand.Create(output, errors));

        command.SetAction(parsed =>
        {
            var generatorPath = common.Path(parsed);
            var imagesPath = parsed.GetValue(images);
            var doSanity = parsed.GetValue(sanity);
            if (generatorPath is not null && imagesPath is not null)
                throw DcganException.Usage("give a generator or --images, not both");
            if (generatorPath is null && imagesPath is null && !doSanity)
                throw DcganException.Usage("nothing to evaluate: give a generator (a netG .pth or training folder), --images FOLDER, or --sanity");
            var samples = parsed.GetValue(count);
            if (samples is < 2 or > 1_000_000)
                throw DcganException.Usage($"--count must be 2 to 1000000, got {samples}");
            var options = new QualityOptions(parsed.GetValue(kidSubsets), parsed.GetValue(kidSubsetSize), parsed.GetValue(neighbours), parsed.GetValue(seed));
            if (options.KidSubsets < 1)
                throw DcganException.Usage($"--kid-subsets must be at least 1, got {options.KidSubsets}");
            if (options.KidSubsetSize < 2)
                throw DcganException.Usage($"--kid-subset-size must be at least 2, got {options.KidSubsetSize}");
            if (options.NeighbourK < 1)
                throw DcganException.Usage($"--k must be at least 1, got {options.NeighbourK}");
            var featuresPath = parsed.GetValue(features);
            var inceptionPath = parsed.GetValue(inception);
            if (featuresPath is not null && inceptionPath is not null)
                throw DcganException.Usage("give one feature network: --features FILE (from dcgan evaluate train-features) or --inception WEIGHTS.pth, not both");
            var maxReal = parsed.GetValue(realCount);
            if (maxReal is < 2)
                throw DcganException.Usage($"--real-count must be at least 2, got {maxReal}");
            var real = new RealDataOptions(maxReal);
            var name = RealData.Canonical(parsed.GetValue(dataset)!);
            var split = parsed.GetValue(realSplit) == "test" ? MnistSplit.Test : MnistSplit.Train;
            var download = !parsed.GetValue(noDownload);
            var batchSize = common.BatchSize(parsed);
            var device = common.Device(parsed);
            var cache = new RealStatisticsCache(parsed.GetValue(cacheDir) ?? RealStatisticsCache.DefaultFolder);
            var jsonPath = parsed.GetValue(json);
            var native = RealData.NativeShape(name);
            var channels = native?.Channels ?? common.Channels(parsed) ?? 3;

            using var loaded = generatorPath is null ? null : common.Load(parsed, output);
            using var folder = imagesPath is null ? null : ImageFolderImages.Load(imagesPath, common.ImageSize(parsed), channels, "--images");
            if (loaded is not null)
                channels = loaded.Architecture.Channels;
            else if (folder is not null)
                channels = folder.Images.Channels;

            using var extractor = featuresPath is not null ? FeatureNetFile.Load(featuresPath, device)
                : inceptionPath is not null ? InceptionFeatures.Load(inceptionPath, device)
                : FeatureNetworks.OpenOrDefault(null, channels, device)
                    ?? throw DcganException.Usage($"gray data has no default feature network: give --features FILE (train one with 'dcgan evaluate train-features --dataset {name} ...') or --inception WEIGHTS.pth");
            output.WriteLine($"Features: {extractor.Description}");
            var fidName = extractor.FidName;
            var imageSize = loaded?.Architecture.ImageSize ?? folder?.Images.ImageSize
                ?? common.ImageSize(parsed) ?? native?.Size ?? (extractor as LeNetFeatures)?.Info.InputSize ?? 64;
            if (native is { } shape && channels != shape.Channels)
                throw DcganException.Usage($"{(loaded is not null ? $"generator '{loaded.WeightsPath}'" : "the images")} make {channels}-channel images but {name} is {shape.Channels}-channel; evaluate against matching data");
            extractor.CheckChannels(channels, loaded is not null ? $"generator '{loaded.WeightsPath}'" : $"--dataset {name}");

            var report = new EvaluationReport
            {
                Generator = loaded?.WeightsPath,
                Images = imagesPath,
                Seed = loaded is null ? null : options.Seed,
                Dataset = name,
                Features = extractor.Description,
                Judge = fidName,
                ImageSize = imageSize,
                CreatedUtc = DateTimeOffset.UtcNow,
            };

            if (loaded is not null || folder is not null)
            {
                var sampleCount = folder?.Count ?? samples;
                if (sampleCount < StableSampleCount)
                    errors.WriteLine($"warning: {sampleCount:N0} samples: {fidName} is biased upwards and unstable below {StableSampleCount:N0}; compare only results with the same sample count");
                using var realImages = RealData.Open(name, parsed.GetValue(dataroot), split, imageSize, channels, download, output, real);
                using var reference = cache.GetOrCompute(extractor, realImages, output);
                var clock = Stopwatch.StartNew();
                using var sampler = loaded is null ? null : common.Sampler(parsed, loaded);
                using var fake = sampler is not null
                    ? FeatureExtraction.OfGenerator(extractor, sampler, samples, options.Seed, batchSize)
                    : FeatureExtraction.OfDataset(extractor, folder!.Images, batchSize: batchSize);
                var result = QualityMetrics.Measure(reference, fake, extractor.ClassNames, options, clock);
                var source = loaded is not null ? $"{result.Samples:N0} samples (seed {options.Seed}) of {loaded.WeightsPath}" : $"{result.Samples:N0} images of {imagesPath}";
                output.WriteLine($"Quality of {source}");
                output.WriteLine($"  against {reference.Description}");
                output.Write(QualityText.Format(result, fidName));
                report = report with { Quality = result, Real = reference.Description, RealCount = reference.Count };
            }

            if (parsed.GetValue(classAccuracy) is { } perClass)
            {
                if (loaded is null)
                    throw DcganException.Usage("--class-accuracy needs a generator, not --images");
                if (perClass is < 1 or > 1_000_000)
                    throw DcganException.Usage($"--class-accuracy must be 1 to 1000000 samples per class, got {perClass}");
                using var sampler = common.Sampler(parsed, loaded);
                var accuracy = ClassAccuracy.Measure(extractor, sampler, loaded.ClassNames, perClass, options.Seed, batchSize);
                output.Write(accuracy.Format());
                report = report with { ClassAccuracy = accuracy };
            }

            if (doSanity)
            {
                using var data = RealData.OpenTrainAndTest(name, parsed.GetValue(dataroot), imageSize, channels, download, output);
                using var reference = cache.GetOrCompute(extractor, data.Train, output);
                var result = SanityCheck.Run(extractor, reference, data.Test, (int)Math.Min(samples, int.MaxValue), options.Seed);
                output.Write(QualityText.Format(result, fidName));
                if (!result.NoiseMonotonic || !result.BlurMonotonic)
                    errors.WriteLine($"warning: {fidName} did not grow with every step of damage; the feature network may be too weak for this data (train it longer) or the probe too small (raise --count)");
                report = report with { Sanity = result };
                if (report.Quality is null)
                    report = report with { Real = reference.Description, RealCount = reference.Count };
            }

            if (jsonPath is not null)
            {
                report.Write(jsonPath);
                output.WriteLine($"Wrote {jsonPath}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
