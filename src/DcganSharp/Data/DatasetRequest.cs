namespace DcganSharp.Data;

/// <summary>Which images to open and how to prepare them (<see cref="DatasetFactory.Open"/>).</summary>
/// <param name="Dataset">mnist | fashion-mnist | cifar10 | celeba | folder (imagenet, lfw) | fake.</param>
/// <param name="DataRoot">Where the files are or are downloaded to; not needed for fake.</param>
/// <param name="ImageSize">Side of the square images delivered.</param>
/// <param name="Channels">1 or 3; null: the dataset's own.</param>
/// <param name="Cache">Keep decoded images in memory; null: the dataset's default.</param>
/// <param name="Split">train | valid | test | all (CelebA, CIFAR-10); null: train.</param>
/// <param name="CelebaCrop">CelebA's centred crop before resizing; null: 108.</param>
/// <param name="FakeCount">Images in the fake dataset.</param>
/// <param name="Download">Download missing MNIST-family or CIFAR-10 files.</param>
internal sealed record DatasetRequest(string Dataset, string? DataRoot, int ImageSize, int? Channels = null, bool? Cache = null,
    string? Split = null, int? CelebaCrop = null, int FakeCount = 1000, bool Download = true);
