namespace DcganSharp.Data;

/// <summary>
/// What is known about one MNIST-family dataset: its file names, their published checksums,
/// where it can be downloaded and where distributions install it. The two members share the IDX
/// format, the file names and the 28x28 grayscale geometry, so one loader serves both.
/// </summary>
internal sealed class MnistFamily
{
    /// <summary>The handwritten digits of LeCun, Cortes and Burges.</summary>
    public static MnistFamily Mnist { get; } = new(
        name: "mnist",
        displayName: "MNIST",
        torchvisionFolder: "MNIST",
        // torchvision's order: the S3 copy answers reliably; the original site often refuses robots.
        mirrors: [new("https://ossci-datasets.s3.amazonaws.com/mnist/"), new("http://yann.lecun.com/exdb/mnist/")],
        systemDirectories: [],
        trainImages: new("train-images-idx3-ubyte", "f68b3c2dcbeaaa9fbdd348bbdeb94873", "6bbc9ace898e44ae57da46a324031adb"),
        trainLabels: new("train-labels-idx1-ubyte", "d53e105ee54ea40749a09fcbcd1e9432", "a25bea736e30d166cdddb491f175f624"),
        testImages: new("t10k-images-idx3-ubyte", "9fb629c4189551a2d022fa330f9573f3", "2646ac647ad5339dbf082846283269ea"),
        testLabels: new("t10k-labels-idx1-ubyte", "ec29112dd5afa0611ce80d1b7f02629c", "27ae3e4e09519cfbb04c329615203637"),
        installHint: null);

    /// <summary>Zalando's drop-in replacement for MNIST: clothing photographs instead of digits.</summary>
    public static MnistFamily FashionMnist { get; } = new(
        name: "fashion-mnist",
        displayName: "Fashion-MNIST",
        torchvisionFolder: "FashionMNIST",
        mirrors: [new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        // Debian/Ubuntu package dataset-fashion-mnist installs the four .gz files here.
        systemDirectories: ["/usr/share/datasets/fashion-mnist"],
        trainImages: new("train-images-idx3-ubyte", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
        trainLabels: new("train-labels-idx1-ubyte", "25c81989df183df01b3e8a0aad5dffbe", "9018921c3c673c538a1fc5bad174d6f9"),
        testImages: new("t10k-images-idx3-ubyte", "bef4ecab320f06d8554ea6380940ec79", "8181f5470baa50b63fa0f6fddb340f0a"),
        testLabels: new("t10k-labels-idx1-ubyte", "bb300cfdad3c16e7a12a480ee83cd310", "15d484375f8d13e6eb1aabb0c3f46965"),
        installHint: "apt-get install dataset-fashion-mnist");

    public static IReadOnlyList<MnistFamily> All { get; } = [Mnist, FashionMnist];

    /// <summary>Name used on the command line and in folder names: "mnist" or "fashion-mnist".</summary>
    public string Name { get; }

    /// <summary>Name for messages: "MNIST" or "Fashion-MNIST".</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Folder torchvision keeps this dataset in under its root ("MNIST", "FashionMNIST"). Downloads
    /// go to its raw/ subfolder so a data root can be shared with PyTorch scripts.
    /// </summary>
    public string TorchvisionFolder { get; }

    /// <summary>Base URLs that serve the .gz files, tried in order.</summary>
    public IReadOnlyList<Uri> Mirrors { get; }

    /// <summary>Folders where an operating-system package installs the files, searched after the data root.</summary>
    public IReadOnlyList<string> SystemDirectories { get; }

    /// <summary>How to install the dataset with a system package manager, when one packages it.</summary>
    public string? InstallHint { get; }

    public int ImageSize => 28;

    public int Channels => 1;

    private readonly MnistFileSpec _trainImages, _trainLabels, _testImages, _testLabels;

    // Internal so tests can describe a fake dataset whose checksums match their own fixtures.
    internal MnistFamily(string name, string displayName, string torchvisionFolder, IReadOnlyList<Uri> mirrors,
        IReadOnlyList<string> systemDirectories, MnistFileSpec trainImages, MnistFileSpec trainLabels,
        MnistFileSpec testImages, MnistFileSpec testLabels, string? installHint)
    {
        Name = name;
        DisplayName = displayName;
        TorchvisionFolder = torchvisionFolder;
        Mirrors = mirrors;
        SystemDirectories = systemDirectories;
        _trainImages = trainImages;
        _trainLabels = trainLabels;
        _testImages = testImages;
        _testLabels = testLabels;
        InstallHint = installHint;
    }

    public MnistFileSpec Images(MnistSplit split) => split == MnistSplit.Train ? _trainImages : _testImages;

    public MnistFileSpec Labels(MnistSplit split) => split == MnistSplit.Train ? _trainLabels : _testLabels;

    public IReadOnlyList<MnistFileSpec> Files => [_trainImages, _trainLabels, _testImages, _testLabels];

    /// <summary>Number of images the published split holds.</summary>
    public static int PublishedCount(MnistSplit split) => split == MnistSplit.Train ? 60_000 : 10_000;

    /// <summary>Where downloads go and where torchvision looks: &lt;root&gt;/MNIST/raw or &lt;root&gt;/FashionMNIST/raw.</summary>
    public string RawDirectory(string root) => Path.Combine(root, TorchvisionFolder, "raw");

    /// <summary>
    /// Looks a dataset up by name, case-insensitively, also accepting the spellings people use for
    /// Fashion-MNIST ("fashionmnist", "fashion_mnist"). Unknown names are usage errors.
    /// </summary>
    public static MnistFamily Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "mnist" => Mnist,
            "fashion-mnist" or "fashionmnist" => FashionMnist,
            _ => throw DcganException.Usage($"unknown dataset '{name}': use mnist or fashion-mnist"),
        };
    }

    public override string ToString() => Name;
}
