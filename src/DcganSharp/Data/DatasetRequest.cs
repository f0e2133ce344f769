namespace DcganSharp.Data;

/// <summary>Which images to open and how to prepare them (<see cref="DatasetFactory.Open"/>).</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="DataRoot">Where the files are or are downloaded to; not needed for fake.</param>
/// <param name="ImageSize">Side of the square images delivered.</param>
/// <param name="Channels">1 or 3; null: the dataset's own.</param>
/// <param name="Cache">Keep decoded images in memory; null: the dataset's default.</param>
/// <param name="Split">CelebA's or CIFAR-10's part; null: train.</param>
/// <param name="CelebaCrop">CelebA's centred crop before resizing; null: 108.</param>
/// <param name="FakeCount">Images in the fake dataset.</param>
/// <param name="Download">Download missing MNIST-family or CIFAR-10 files.</param>
internal sealed record DatasetRequest(DatasetKind Dataset, string? DataRoot, int ImageSize, int? Channels = null, bool? Cache = null,
    DataSplit? Split = null, int? CelebaCrop = null, int FakeCount = 1000, bool Download = true)
{
    /// <summary>How messages name the settings above (as <see cref="DcganOptions"/> properties).</summary>
    public SettingNames Names { get; init; } = SettingNames.Library;

    /// <summary>The images a training run's options ask for (their <see cref="DcganOptions.Dataset"/> set).</summary>
    public static DatasetRequest For(DcganOptions options, SettingNames names) =>
        new(options.Dataset ?? throw new ArgumentException("no dataset", nameof(options)), options.DataRoot, options.ImageSize, options.Channels, options.Cache,
            options.Split, options.CelebaCrop, options.FakeCount, options.Download)
        {
            Names = names,
        };
}
