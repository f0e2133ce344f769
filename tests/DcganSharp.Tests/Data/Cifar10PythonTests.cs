using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

/// <summary>
/// CIFAR-10's python version, as torchvision downloads it into pytorch/examples' --dataroot
/// (Fixtures/cifar/make_cifar_python_fixture.py: Python 2-style pickles of numpy arrays).
/// </summary>
public sealed class Cifar10PythonTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    static string FixtureFolder => Path.Combine(FixturePaths.Root, "cifar", Cifar10Files.PythonFolderName);

    /// <summary>A copy of the fixture batches at <paramref name="folder"/>.</summary>
    static string CopyFixture(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(FixtureFolder))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    [Theory]
    [InlineData("Train", 0, 10)]
    [InlineData("Test", 10, 2)]
    [InlineData("All", 0, 12)]
    public void Python_batches_give_the_same_planes_and_labels_as_the_binary_version(string splitName, int first, int count)
    {
        var split = Enum.Parse<DataSplit>(splitName);
        var folder = Cifar10Files.Locate(FixtureFolder)!;
        Assert.True(Cifar10Files.IsPythonVersion(folder));

        var (pixels, labels) = Cifar10Reader.Read(Cifar10Files.Batches(folder, split));

        Assert.Equal(Enumerable.Range(first, count).Select(r => (byte)(r % 10)), labels);
        Assert.Equal(Enumerable.Range(first, count).SelectMany(Cifar10Fixtures.Pixels), pixels);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cifar10")]
    public void The_python_folder_is_found_where_torchvision_puts_it(string parent)
    {
        var root = dir.Folder("root");
        var folder = CopyFixture(Path.Combine(root, parent, Cifar10Files.PythonFolderName));

        Assert.Equal(folder, Cifar10Files.Locate(root));
        Assert.Equal(10, Cifar10Reader.Read(Cifar10Files.Batches(folder, DataSplit.Train)).Labels.Length);
    }

    [Fact]
    public void The_binary_version_is_preferred_when_both_are_there()
    {
        var root = dir.Folder("both");
        CopyFixture(Path.Combine(root, Cifar10Files.PythonFolderName));
        var binary = Cifar10Fixtures.WriteFolder(Path.Combine(root, Cifar10Files.FolderName));

        Assert.Equal(binary, Cifar10Files.Locate(root));
        Assert.False(Cifar10Files.IsPythonVersion(binary));
    }

    [Fact]
    public void A_missing_python_batch_is_named()
    {
        var folder = CopyFixture(dir.Combine(Cifar10Files.PythonFolderName));
        File.Delete(Path.Combine(folder, "data_batch_3"));

        var e = Assert.Throws<DcganException>(() => Cifar10Files.Batches(folder, DataSplit.Train));

        Assert.Contains("data_batch_3 missing", e.Message);
        Assert.Contains("cifar-10-python.tar.gz", e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("text")]
    [InlineData("not a dict")]
    public void A_damaged_python_batch_is_one_clear_error_naming_it(string damage)
    {
        var folder = CopyFixture(dir.Combine(Cifar10Files.PythonFolderName));
        var batch = Path.Combine(folder, "data_batch_2");
        var bytes = File.ReadAllBytes(batch);
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(batch, bytes[..(bytes.Length / 2)]);
                break;
            case "text":
                File.WriteAllText(batch, "not a pickle at all\n");
                break;
            default:
                // A pickled list ([1, 2]) in protocol 2: a valid pickle that is not a batch.
                File.WriteAllBytes(batch, [0x80, 0x02, (byte)']', (byte)'q', 0x00, (byte)'(', (byte)'K', 0x01, (byte)'K', 0x02, (byte)'e', (byte)'.']);
                break;
        }

        var e = Assert.Throws<DcganException>(() => Cifar10Reader.Read(Cifar10Files.Batches(folder, DataSplit.Train)));

        Assert.Contains($"'{batch}' is not a CIFAR-10 python batch", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
