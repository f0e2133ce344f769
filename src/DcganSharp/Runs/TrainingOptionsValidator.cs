using System.Reflection;
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
        foreach (var property in typeof(TrainingOptions).GetProperties())
        {
            if (property.GetCustomAttribute<IntervalAttribute>() is { } interval && property.GetValue(o) is double value)
                Require(interval.Contains(value), FormattableString.Invariant($"{nameOf(property.Name)} must be in {interval}, got {value}"));
        }
        Require(o.BatchSize is >= 2 and <= 65536, $"--batch-size must be 2 to 65536 (BatchNorm needs 2 images), got {o.BatchSize}");
        Require(DcganArchitecture.IsSupportedImageSize(o.ImageSize), $"--image-size {o.ImageSize} is not supported; use {DcganArchitecture.SupportedSizes}");
        Require(o.LatentSize is >= 1 and <= 100_000, $"--nz must be 1 to 100000, got {o.LatentSize}");
        Require(o.GeneratorFeatures is >= 1 and <= 4096, $"--ngf must be 1 to 4096, got {o.GeneratorFeatures}");
        Require(o.DiscriminatorFeatures is >= 1 and <= 4096, $"--ndf must be 1 to 4096, got {o.DiscriminatorFeatures}");
        Require(o.Epochs is >= 1 and <= 1_000_000, $"--niter must be 1 to 1000000, got {o.Epochs}");
        Require(o.EmaHalfLife is null || (double.IsFinite(o.EmaHalfLife.Value) && o.EmaHalfLife >= 0), $"--ema-half-life must be 0 (off) or a positive number of images, got {o.EmaHalfLife}");
        Require(o.Workers is >= 0 and <= 256, $"--workers must be 0 to 256, got {o.Workers}");
        Require(o.Channels is null or 1 or 3, $"--channels must be 1 (grayscale) or 3 (colour), got {o.Channels}");
        Require(o.CelebaCrop is null or 0 or (>= 8 and <= 4096), $"--celeba-crop must be 0 (largest square) or 8 to 4096 pixels, got {o.CelebaCrop}");
        if (o.Split is not null)
            Data.DataSplits.Parse(o.Split);
        Require(o.Seed is null or >= 0, $"--manual-seed must be a non-negative integer, got {o.Seed}");
        Require(o.SampleEvery >= 1, $"--sample-every must be at least 1, got {o.SampleEvery}");
        Require(o.FakeCount >= 2, $"--fake-count must be at least 2, got {o.FakeCount}");
        Require(o.SaveEvery >= 0, $"--save-every must be 0 (epoch ends only) or more, got {o.SaveEvery}");
        Require(o.Keep >= 1, $"--keep must be at least 1, got {o.Keep}");
        Require(o.OnDiverge is "stop" or "rollback" or "ignore", $"--on-diverge must be stop, rollback or ignore, got '{o.OnDiverge}'");
        Require(o.CollapsePatience >= 1, $"--collapse-patience must be at least 1, got {o.CollapsePatience}");
        Require(o.MaxRollbacks >= 0, $"--max-rollbacks must be 0 or more, got {o.MaxRollbacks}");
        Require(o.EvalEvery >= 0, $"--eval-every must be 0 (off) or more, got {o.EvalEvery}");
        Require(o.EvalSamples is >= 10 and <= 100_000, $"--eval-samples must be 10 to 100000, got {o.EvalSamples}");
        if (o.EvalEvery > 0 && o.EvalFeatures is null)
            throw DcganException.Usage("--eval-every needs --eval-features FILE: train one with 'dcgan evaluate train-features --dataset <name> --dataroot <dir> --out features.pt'");
        if (o.EvalEvery > 0)
            RequireFile(o.EvalFeatures, "--eval-features");
        RequireFile(o.GeneratorWeights, "--netG");
        RequireFile(o.DiscriminatorWeights, "--netD");
        if (string.IsNullOrWhiteSpace(o.Dataset) && o.Resume is null)
            throw DcganException.Usage("--dataset is required: mnist, fashion-mnist, cifar10, folder, celeba or fake (or --resume a run)");
        if (!string.Equals(o.Dataset, "fake", StringComparison.OrdinalIgnoreCase) && o.Resume is null)
            Require(!string.IsNullOrWhiteSpace(o.DataRoot), $"--dataroot is required for --dataset {o.Dataset}");
        try
        {
            new DcganArchitecture(o.ImageSize, 3, o.LatentSize, o.GeneratorFeatures, o.DiscriminatorFeatures).Validate();
        }
        catch (ArgumentException e)
        {
            throw DcganException.Usage(e.Message);
        }
    }

    static void RequireFile(string? path, string flag)
    {
        if (path is not null && !File.Exists(path))
            throw DcganException.Usage(Directory.Exists(path)
                ? $"{flag} '{path}' is a folder; give the weights file, e.g. {Path.Combine(path, flag == "--netG" ? "netG_epoch_24.pth" : "netD_epoch_24.pth")}"
                : $"{flag} '{path}' does not exist; check the path");
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
            throw DcganException.Usage(message);
    }
}
