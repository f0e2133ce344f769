using System.Reflection;
using DcganSharp.Data;
using DcganSharp.Models;
using DcganSharp.Training;

namespace DcganSharp.Runs;

/// <summary>Rejects impossible settings before any work starts, with one usage error per problem.</summary>
internal static class TrainingOptionsValidator
{
    /// <param name="o">The options.</param>
    /// <param name="nameOf">How messages name a setting given by its property name; default: the property name.</param>
    public static void Validate(TrainingOptions o, Func<string, string>? nameOf = null)
    {
        nameOf ??= property => property;
        string N(string property) => nameOf(property);
        foreach (var property in typeof(TrainingOptions).GetProperties())
        {
            if (property.GetCustomAttribute<IntervalAttribute>() is { } interval && property.GetValue(o) is double value)
                Require(interval.Contains(value), FormattableString.Invariant($"{nameOf(property.Name)} must be in {interval}, got {value}"));
        }
        Require(o.BatchSize is >= 2 and <= 65536, $"{N(nameof(o.BatchSize))} must be 2 to 65536 (BatchNorm needs 2 images), got {o.BatchSize}");
        Require(DcganArchitecture.IsSupportedImageSize(o.ImageSize), $"{N(nameof(o.ImageSize))} {o.ImageSize} is not supported; use {DcganArchitecture.SupportedSizes}");
        Require(o.LatentSize is >= 1 and <= 100_000, $"{N(nameof(o.LatentSize))} must be 1 to 100000, got {o.LatentSize}");
        Require(o.GeneratorFeatures is >= 1 and <= 4096, $"{N(nameof(o.GeneratorFeatures))} must be 1 to 4096, got {o.GeneratorFeatures}");
        Require(o.DiscriminatorFeatures is >= 1 and <= 4096, $"{N(nameof(o.DiscriminatorFeatures))} must be 1 to 4096, got {o.DiscriminatorFeatures}");
        Require(o.Epochs is >= 1 and <= 1_000_000, $"{N(nameof(o.Epochs))} must be 1 to 1000000, got {o.Epochs}");
        Require(o.EmaHalfLife is null || (double.IsFinite(o.EmaHalfLife.Value) && o.EmaHalfLife >= 0), $"{N(nameof(o.EmaHalfLife))} must be 0 (off) or a positive number of images, got {o.EmaHalfLife}");
        Require(o.Workers is >= 0 and <= 256, $"{N(nameof(o.Workers))} must be 0 to 256, got {o.Workers}");
        Require(o.Channels is null or 1 or 3, $"{N(nameof(o.Channels))} must be 1 (grayscale) or 3 (colour), got {o.Channels}");
        Require(o.CelebaCrop is null or 0 or (>= 8 and <= 4096), $"{N(nameof(o.CelebaCrop))} must be 0 (largest square) or 8 to 4096 pixels, got {o.CelebaCrop}");
        if (o.Split is not null)
            Data.DataSplits.Parse(o.Split);
        Require(o.Seed is null or >= 0, $"{N(nameof(o.Seed))} must be a non-negative integer, got {o.Seed}");
        Require(o.SampleEvery >= 1, $"{N(nameof(o.SampleEvery))} must be at least 1, got {o.SampleEvery}");
        Require(o.FakeCount >= 2, $"{N(nameof(o.FakeCount))} must be at least 2, got {o.FakeCount}");
        Require(o.SaveEvery >= 0, $"{N(nameof(o.SaveEvery))} must be 0 (epoch ends only) or more, got {o.SaveEvery}");
        Require(o.Keep >= 1, $"{N(nameof(o.Keep))} must be at least 1, got {o.Keep}");
        Require(o.OnDiverge is "stop" or "rollback" or "ignore", $"{N(nameof(o.OnDiverge))} must be stop, rollback or ignore, got '{o.OnDiverge}'");
        Require(o.CollapsePatience >= 1, $"{N(nameof(o.CollapsePatience))} must be at least 1, got {o.CollapsePatience}");
        Require(o.MaxRollbacks >= 0, $"{N(nameof(o.MaxRollbacks))} must be 0 or more, got {o.MaxRollbacks}");
        Require(o.EvalEvery >= 0, $"{N(nameof(o.EvalEvery))} must be 0 (off) or more, got {o.EvalEvery}");
        Require(o.EvalSamples is >= 10 and <= 100_000, $"{N(nameof(o.EvalSamples))} must be 10 to 100000, got {o.EvalSamples}");
        Require(o.EvalRealCount is null or >= 2, $"{N(nameof(o.EvalRealCount))} must be at least 2, got {o.EvalRealCount}");
        if (o.EvalEvery > 0 && o.EvalFeatures is null && !Evaluation.FeatureNetworks.HasDefault(o.Channels ?? DatasetFactory.DefaultChannels(o.Dataset)))
            throw DcganException.Usage($"{N(nameof(o.EvalEvery))} on gray images needs {N(nameof(o.EvalFeatures))} FILE (the default judge, ResNet18, is for RGB images): train one with 'dcgan evaluate train-features --dataset <name> --dataroot <dir> --out features.pt'");
        if (o.EvalEvery > 0)
            RequireFile(o.EvalFeatures, N(nameof(o.EvalFeatures)), "features.pt");
        RequireFile(o.GeneratorWeights, N(nameof(o.GeneratorWeights)), "netG_epoch_24.pth");
        RequireFile(o.DiscriminatorWeights, N(nameof(o.DiscriminatorWeights)), "netD_epoch_24.pth");
        if (string.IsNullOrWhiteSpace(o.Dataset) && o.Resume is null)
            throw DcganException.Usage($"{N(nameof(o.Dataset))} is required: mnist, fashion-mnist, cifar10, folder, celeba or fake (or {N(nameof(o.Resume))} a run)");
        if (!string.Equals(o.Dataset, "fake", StringComparison.OrdinalIgnoreCase) && o.Resume is null)
            Require(!string.IsNullOrWhiteSpace(o.DataRoot), $"{N(nameof(o.DataRoot))} is required for {N(nameof(o.Dataset))} {o.Dataset}");
        try
        {
            new DcganArchitecture(o.ImageSize, 3, o.LatentSize, o.GeneratorFeatures, o.DiscriminatorFeatures).Validate();
        }
        catch (ArgumentException e)
        {
            throw DcganException.Usage(e.Message);
        }
    }

    static void RequireFile(string? path, string setting, string example)
    {
        if (path is not null && !File.Exists(path))
            throw DcganException.Usage(Directory.Exists(path)
                ? $"{setting} '{path}' is a folder; give the file, e.g. {Path.Combine(path, example)}"
                : $"{setting} '{path}' does not exist; check the path");
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
            throw DcganException.Usage(message);
    }
}
