using System.Security.Cryptography;
using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class Cifar10Tests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    string Batches => Cifar10Fixtures.WriteFolder(dir.Combine(Cifar10Files.FolderName));

    [Fact]
    public void Binary_records_are_read_as_chw_planes_with_labels()
    {
        var path = Cifar10Fixtures.WriteBatch(dir.Combine("one.bin"), 3);

        var (pixels, labels) = Cifar10Reader.Read([path]);

        Assert.Equal([0, 1, 2], labels);
        Assert.Equal(3 * 3072, pixels.Length);
        Assert.Equal(Cifar10Fixtures.Pixels(2), pixels[(2 * 3072)..]);
    }

    [Fact]
    public void Native_size_images_come_out_exactly_in_rgb_plane_order()
    {
        var folder = Batches;
        using var dataset = Cifar10Dataset.Open(folder, DataSplit.Train, 32, 3, cache: true, TextWriter.Null);
        Assert.Equal(10, dataset.Count);
        var image = new float[3 * 32 * 32];
        Assert.True(dataset.TryRead(7, image, out _));
        Assert.Equal(-1f, image[0]);                      // red plane, top-left: 0
        Assert.Equal(1f, image[1023]);                    // red plane, bottom-right: 255
        Assert.Equal(17 / 127.5f - 1f, image[500], 5);    // red plane: 10 + record
        Assert.Equal(100 / 127.5f - 1f, image[1024 + 500], 5);
        Assert.Equal(200 / 127.5f - 1f, image[2048 + 500], 5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Resized_and_grayscale_images_match_with_and_without_the_cache(bool cache)
    {
        var folder = Batches;
        using var colour = Cifar10Dataset.Open(folder, DataSplit.All, 64, 3, cache, TextWriter.Null);
        using var gray = Cifar10Dataset.Open(folder, DataSplit.All, 64, 1, cache, TextWriter.Null);
        Assert.Equal(13, colour.Count);
        Assert.Equal(cache, colour.Cached);
        var rgb = new float[3 * 64 * 64];
        var luma = new float[64 * 64];
        Assert.True(colour.TryRead(12, rgb, out _));
        Assert.True(gray.TryRead(12, luma, out _));
        Assert.All(rgb, v => Assert.InRange(v, -1f, 1f));
        // The middle of a flat plane stays flat: R = 22, G = 100, B = 200; luma (22*19595 + 100*38470 + 200*7471 + 32768) >> 16 = 88.
        var centre = 32 * 64 + 32;
        Assert.Equal(22 / 127.5f - 1f, rgb[centre], 5);
        Assert.Equal(88 / 127.5f - 1f, luma[centre], 5);
    }

    [Fact]
    public void Test_split_reads_test_batch_only()
    {
        using var dataset = Cifar10Dataset.Open(Batches, DataSplit.Test, 32, 3, cache: true, TextWriter.Null);
        Assert.Equal(3, dataset.Count);
    }

    [Theory]
    [InlineData(3073 * 2 + 5)]
    [InlineData(3000)]
    [InlineData(0)]
    public void A_file_that_is_not_whole_records_is_one_clear_error_naming_it(int length)
    {
        var folder = Batches;
        var bad = Path.Combine(folder, "data_batch_3.bin");
        File.WriteAllBytes(bad, new byte[length]);

        var e = Assert.Throws<DcganException>(() => Cifar10Dataset.Open(folder, DataSplit.Train, 32, 3, cache: true, TextWriter.Null));

        Assert.Contains($"'{bad}' is {length:N0} bytes, not a whole number of 3,073-byte CIFAR-10 records", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_missing_batch_is_named()
    {
        var folder = Batches;
        File.Delete(Path.Combine(folder, "data_batch_4.bin"));
        var e = Assert.Throws<DcganException>(() => Cifar10Files.Batches(folder, DataSplit.Train));
        Assert.Contains("data_batch_4.bin missing", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cifar10")]
    public void Batches_are_found_in_common_layouts(string parent)
    {
        var root = dir.Folder("root");
        var folder = Cifar10Fixtures.WriteFolder(Path.Combine(root, parent, Cifar10Files.FolderName));
        Assert.Equal(folder, Cifar10Files.Locate(root));
        Assert.Null(Cifar10Files.Locate(dir.Folder("empty")));
    }

    [Fact]
    public void Archive_is_extracted_into_place_leaving_no_temporary_folder()
    {
        var root = dir.Folder("data");
        var archive = Path.Combine(root, "cifar.tar.gz");
        File.WriteAllBytes(archive, Cifar10Fixtures.Archive());
        var destination = Path.Combine(root, Cifar10Files.FolderName);

        TarGzExtractor.ExtractFolder(archive, Cifar10Files.FolderName, destination);

        Assert.Equal(Cifar10Files.TrainFiles.Append(Cifar10Files.TestFile).Append("readme.html").Order(StringComparer.Ordinal),
            Directory.GetFiles(destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { archive, destination }.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Archive_without_the_expected_folder_or_not_gzip_is_a_clear_error_and_leaves_nothing()
    {
        var root = dir.Folder("data");
        var wrong = Path.Combine(root, "wrong.tar.gz");
        File.WriteAllBytes(wrong, Cifar10Fixtures.Archive("something-else"));
        var notGzip = Path.Combine(root, "plain.tar.gz");
        File.WriteAllText(notGzip, "not an archive");
        var destination = Path.Combine(root, Cifar10Files.FolderName);

        var e1 = Assert.Throws<DcganException>(() => TarGzExtractor.ExtractFolder(wrong, Cifar10Files.FolderName, destination));
        var e2 = Assert.Throws<DcganException>(() => TarGzExtractor.ExtractFolder(notGzip, Cifar10Files.FolderName, destination));

        Assert.Contains("does not contain the folder cifar-10-batches-bin/", e1.Message);
        Assert.Contains("is not a valid .tar.gz archive", e2.Message);
        Assert.Equal([notGzip, wrong], Directory.GetFileSystemEntries(root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Missing_data_is_downloaded_checked_and_extracted()
    {
        var archive = Cifar10Fixtures.Archive();
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse> { ["/kriz/cifar-10-binary.tar.gz"] = LoopbackResponse.Ok(archive) });
        var options = new Cifar10ObtainOptions
        {
            Archive = new Cifar10Archive("cifar-10-binary.tar.gz", Convert.ToHexStringLower(MD5.HashData(archive)), [server.Url("kriz/")]),
            Download = new HttpDownloaderOptions { ProgressBar = false }, // the downloader's own limits: the server answers at once
        };
        var root = dir.Combine("data");
        var log = new StringWriter();

        var folder = await Cifar10Files.ObtainAsync(root, log, options);

        Assert.Equal(Path.Combine(root, Cifar10Files.FolderName), folder);
        Assert.Contains("downloaded cifar-10-binary.tar.gz", log.ToString());
        using (var dataset = Cifar10Dataset.Open(folder, DataSplit.Train, 32, 3, cache: true, TextWriter.Null))
            Assert.Equal(10, dataset.Count);
        // Found on disk the second time: no request.
        Assert.Equal(folder, await Cifar10Files.ObtainAsync(root, log, options));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Missing_data_without_download_says_where_to_put_it()
    {
        var e = Assert.Throws<DcganException>(() => Cifar10Files.Obtain(dir.Path, TextWriter.Null, new Cifar10ObtainOptions { AllowDownload = false }));
        Assert.Contains($"CIFAR-10 not found under '{dir.Path}': put cifar-10-batches-bin/", e.Message);
    }

    [Fact]
    public void Published_archive_checksum_is_the_one_on_the_dataset_page()
    {
        Assert.Equal("c32a1d4ab5d03f1284b67883e8d87530", Cifar10Archive.Canonical.Md5);
        Assert.Equal(new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), new Uri(Cifar10Archive.Canonical.Mirrors[0], Cifar10Archive.Canonical.FileName));
    }
}
