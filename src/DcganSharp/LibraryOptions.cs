using DcganSharp.Models;
using DcganSharp.Runs;
using DcganSharp.Training;

namespace DcganSharp;

/// <summary>
/// Turns the library's typed <see cref="DcganOptions"/> into the trainer's options, checking
/// every value first so a caller gets an <see cref="ArgumentException"/> naming the property
/// (the trainer's own checks speak in command-line flags).
/// </summary>
static class LibraryOptions
{
    public static TrainingOptions ToTrainingOptions(DcganOptions o)
    {
        Check(DcganArchitecture.IsSupportedImageSize(o.ImageSize), nameof(o.ImageSize), $"must be one of {DcganArchitecture.SupportedSizes}, not {o.ImageSize}");
        Check(o.Channels is null or 1 or 3, nameof(o.Channels), $"must be 1, 3 or null, not {o.Channels}");
        Check(o.BatchSize is null or (>= 2 and <= 65536), nameof(o.BatchSize), $"must be 2 to 65536 (BatchNorm needs 2 images), not {o.BatchSize}");
        Check(o.Epochs is >= 1 and <= 1_000_000, nameof(o.Epochs), $"must be 1 to 1000000, not {o.Epochs}");
        Check(o.LatentSize is >= 1 and <= 100_000, nameof(o.LatentSize), $"must be 1 to 100000, not {o.LatentSize}");
        Check(o.GeneratorFeatures is >= 1 and <= 4096, nameof(o.GeneratorFeatures), $"must be 1 to 4096, not {o.GeneratorFeatures}");
        Check(o.DiscriminatorFeatures is null or (>= 1 and <= 4096), nameof(o.DiscriminatorFeatures), $"must be 1 to 4096 or null, not {o.DiscriminatorFeatures}");
        Check(o.LearningRate is null || IsRate(o.LearningRate.Value), nameof(o.LearningRate), $"must be in (0, 1] or null, not {o.LearningRate}");
        Check(o.DiscriminatorLearningRate is null || IsRate(o.DiscriminatorLearningRate.Value), nameof(o.DiscriminatorLearningRate), $"must be in (0, 1] or null, not {o.DiscriminatorLearningRate}");
        Check(double.IsFinite(o.Beta1) && o.Beta1 is >= 0 and < 1, nameof(o.Beta1), $"must be in [0, 1), not {o.Beta1}");
        Check(o.Seed is null or >= 0, nameof(o.Seed), $"must be non-negative or null, not {o.Seed}");
        Check(o.FakeCount >= 2, nameof(o.FakeCount), $"must be at least 2, not {o.FakeCount}");
        Check(o.Workers is >= 0 and <= 256, nameof(o.Workers), $"must be 0 to 256, not {o.Workers}");
        Check(Enum.IsDefined(o.Dataset), nameof(o.Dataset), $"is not a dataset: {o.Dataset}");
        Check(Enum.IsDefined(o.Recipe), nameof(o.Recipe), $"is not a recipe: {o.Recipe}");
        Check(o.Dataset == DatasetKind.Fake || !string.IsNullOrWhiteSpace(o.DataRoot), nameof(o.DataRoot), $"must name the folder of the {o.Dataset} data");
        return new TrainingOptions
        {
            Dataset = DatasetName(o.Dataset),
            DataRoot = o.DataRoot,
            OutputFolder = o.OutputFolder ?? Path.Combine(Path.GetTempPath(), "dcgan-sharp", $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..40]),
            Overwrite = o.Overwrite,
            ImageSize = o.ImageSize,
            Channels = o.Channels,
            BatchSize = o.BatchSize ?? TrainingRecipe.DefaultBatchSize(o.Recipe),
            Epochs = o.Epochs,
            LatentSize = o.LatentSize,
            GeneratorFeatures = o.GeneratorFeatures,
            DiscriminatorFeatures = o.DiscriminatorFeatures ?? TrainingRecipe.DefaultDiscriminatorFeatures(o.Recipe),
            LearningRate = o.LearningRate ?? TrainingRecipe.DefaultLearningRate(o.Recipe),
            DiscriminatorLearningRate = o.DiscriminatorLearningRate,
            Beta1 = o.Beta1,
            Recipe = o.Recipe,
            Seed = o.Seed,
            Device = DeviceName(o.Device),
            FakeCount = o.FakeCount,
            Download = o.Download,
            OnDiverge = o.OnDiverge.ToString().ToLowerInvariant(),
            Workers = o.Workers,
        };
    }

    /// <summary>How the trainer's messages name a setting: as the <see cref="DcganOptions"/> property that sets it.</summary>
    public static string NameOf(string property) =>
        typeof(DcganOptions).GetProperty(property) is null ? property : $"{nameof(DcganOptions)}.{property}";

    public static string DatasetName(DatasetKind dataset) => dataset switch
    {
        DatasetKind.Mnist => "mnist",
        DatasetKind.FashionMnist => "fashion-mnist",
        DatasetKind.Cifar10 => "cifar10",
        DatasetKind.CelebA => "celeba",
        DatasetKind.Folder => "folder",
        DatasetKind.Fake => "fake",
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "not a dataset"),
    };

    public static string DeviceName(ComputeTarget device) => device switch
    {
        ComputeTarget.Auto => "auto",
        ComputeTarget.Cpu => "cpu",
        ComputeTarget.Cuda => "cuda",
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "not a device"),
    };

    static bool IsRate(double rate) => double.IsFinite(rate) && rate is > 0 and <= 1;

    static void Check(bool condition, string property, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{nameof(DcganOptions)}.{property} {problem}", property);
    }
}
