using DcganSharp.Training;

namespace DcganSharp.Data;

/// <summary>Opens the dataset named by --dataset, prepared for the requested image size.</summary>
public static class DatasetFactory
{
    /// <summary>Dataset names accepted by --dataset, for help and messages.</summary>
    public static readonly string[] Names = ["mnist", "fashion-mnist", "fake"];

    public static IImageDataset Open(TrainingOptions options, int seed, TextWriter log)
    {
        var name = options.Dataset.Trim().ToLowerInvariant();
        return name switch
        {
            "fake" => new FakeImageDataset(options.FakeCount, channels: 3, options.ImageSize, seed),
            _ => throw DcganException.Usage($"--dataset '{options.Dataset}' is not supported; use one of {string.Join(", ", Names)}"),
        };
    }
}
