using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

/// <summary>The real Fashion-MNIST files from Debian's dataset-fashion-mnist, when installed.</summary>
public sealed class DebianFashionMnistTests
{
    [DebianFashionMnistFact]
    public void Locator_finds_and_reader_parses_the_installed_training_set()
    {
        using var root = new TempDirectory();
        var found = new MnistLocator().Locate(MnistFamily.FashionMnist, root.Path, MnistSplit.Train);

        Assert.NotNull(found);
        Assert.StartsWith(DebianFashionMnistFactAttribute.Folder, found.ImagesPath);
        var (images, labels) = IdxReader.ReadImagesWithLabels(found.ImagesPath, found.LabelsPath);
        Assert.Equal((60_000, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(60_000, labels.Length);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6_000, labels.Count(l => l == c)));
    }

    [DebianFashionMnistFact]
    public void Installed_test_set_parses()
    {
        var folder = DebianFashionMnistFactAttribute.Folder;
        var (images, labels) = IdxReader.ReadImagesWithLabels(
            Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(10_000, images.Count);
        Assert.Equal(10_000, labels.Length);
    }

    /// <summary>
    /// Debian recompressed the files, so their .gz checksums differ from the published ones; the
    /// decompressed content must still match the published data byte for byte.
    /// </summary>
    [DebianFashionMnistFact]
    public void Installed_files_match_the_published_content_checksums()
    {
        foreach (var spec in MnistFamily.FashionMnist.Files)
        {
            var path = Path.Combine(DebianFashionMnistFactAttribute.Folder, spec.GzName);
            Assert.True(spec.RawMd5 == Checksums.ContentMd5(path), $"{path}: decompressed MD5 differs from {spec.RawMd5}");
        }
    }
}
