using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Conditional;

/// <summary>Each labelled dataset gives its class names and every image's label.</summary>
public sealed class ClassLabelsTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Cifar10_labels_its_images_with_cifar_s_class_names()
    {
        var folder = Cifar10Fixtures.WriteFolder(dir.Combine(Cifar10Files.FolderName));
        using var dataset = Cifar10Dataset.Open(folder, DataSplit.Train, 32, 3, cache: true, TextWriter.Null);
        var classes = Assert.IsType<ClassLabels>(dataset.Classes);
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], classes.Names);
        // The fixture's record r has label r mod 10.
        Assert.Equal(Enumerable.Range(0, 10), classes.Labels);
    }

    [Fact]
    public void Fashion_mnist_has_torchvision_s_names_and_mnist_the_digits()
    {
        foreach (var (family, kind, first, last) in new[] { (MnistFamily.FashionMnist, DatasetKind.FashionMnist, "T-shirt/top", "Ankle boot"), (MnistFamily.Mnist, DatasetKind.Mnist, "0", "9") })
        {
            var folder = dir.Combine(family.Name);
            Directory.CreateDirectory(folder);
            IdxFixtures.WritePair(folder, MnistSplit.Train, count: 12, family: family);
            using var dataset = DatasetFactory.Open(new DatasetRequest(kind, folder, 28, Download: false), seed: 1, TextWriter.Null);
            var classes = Assert.IsType<ClassLabels>(dataset.Classes);
            Assert.Equal(10, classes.Names.Count);
            Assert.Equal(first, classes.Names[0]);
            Assert.Equal(last, classes.Names[9]);
            Assert.Equal(IdxFixtures.Labels(12).Select(l => (int)l), classes.Labels);
        }
    }

    [Fact]
    public void A_label_beyond_the_classes_is_an_error_naming_the_file()
    {
        var error = Assert.Throws<DcganException>(() => ClassLabels.FromBytes(ClassLabels.Digits, [1, 2, 12], "'labels.idx'"));
        Assert.Contains("'labels.idx': label 2 is 12", error.Message);
    }

    [Fact]
    public void Folder_classes_are_the_sorted_top_level_subfolders_and_loose_images_mean_none()
    {
        var classes = ClassLabels.FromSubfolders(["b/1.png", "a/x/2.png", "a/3.png", "c/d/e/4.png"])!;
        Assert.Equal(["a", "b", "c"], classes.Names);
        Assert.Equal([1, 0, 0, 2], classes.Labels);
        Assert.Null(ClassLabels.FromSubfolders(["a/1.png", "2.png"]));
    }
}
