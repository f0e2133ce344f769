using System.Buffers.Binary;
using System.IO.Compression;
using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] ImageFileBytes(int count, int rows, int columns, int pixelBytes, int magic = IdxReader.ImagesMagic)
    {
        var bytes = new byte[16 + pixelBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 16; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 7);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static DcganException AssertFails(string path, Action read, string expectedFragment)
    {
        var e = Assert.Throws<DcganException>(read);
        Assert.Contains(Path.GetFileName(path), e.Message);
        Assert.Contains(expectedFragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Reads_raw_image_file()
    {
        var path = Write("train-images-idx3-ubyte", ImageFileBytes(3, 2, 4, 24));
        var images = IdxReader.ReadImages(path);
        Assert.Equal((3, 2, 4), (images.Count, images.Rows, images.Columns));
        Assert.Equal(24, images.Pixels.Length);
        Assert.Equal((byte)(17 * 7), images.Image(0)[1]);
        Assert.Equal(8, images.Image(2).Length);
    }

    [Fact]
    public void Detects_gzip_by_magic_bytes_not_extension()
    {
        var raw = ImageFileBytes(2, 3, 3, 18);
        // Compressed content under a plain name, and plain content under a .gz name.
        var gzipped = IdxReader.ReadImages(Write("images-without-extension", Gzip(raw)));
        var plain = IdxReader.ReadImages(Write("plain.gz", raw));
        Assert.Equal(raw[16..], gzipped.Pixels);
        Assert.Equal(raw[16..], plain.Pixels);
    }

    [Fact]
    public void Reads_gzip_label_file()
    {
        var bytes = new byte[8 + 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 4);
        bytes[8..].AsSpan().Clear();
        bytes[9] = 3;
        bytes[11] = 9;
        var labels = IdxReader.ReadLabels(Write("train-labels-idx1-ubyte.gz", Gzip(bytes)));
        Assert.Equal(new byte[] { 0, 3, 0, 9 }, labels);
    }

    [Fact]
    public void Wrong_magic_is_not_an_idx_file()
    {
        var path = Write("notes.gz", "<html>not found</html>"u8.ToArray());
        var e = AssertFails(path, () => IdxReader.ReadImages(path), "is not an IDX image file");
        Assert.Contains("0x3C68746D", e.Message);
    }

    [Fact]
    public void Swapped_label_file_is_named_as_such()
    {
        var bytes = new byte[9];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 1);
        var path = Write("train-labels-idx1-ubyte", bytes);
        AssertFails(path, () => IdxReader.ReadImages(path), "swapped");
    }

    [Fact]
    public void Empty_file_fails()
    {
        var path = Write("train-images-idx3-ubyte", []);
        AssertFails(path, () => IdxReader.ReadImages(path), "is empty");
    }

    [Fact]
    public void Truncated_header_fails()
    {
        var path = Write("train-images-idx3-ubyte", ImageFileBytes(1, 28, 28, 784)[..10]);
        AssertFails(path, () => IdxReader.ReadImages(path), "expected a 16-byte IDX header, got 10 bytes");
    }

    [Fact]
    public void Truncated_data_fails_with_expected_and_actual_sizes()
    {
        var path = Write("train-images-idx3-ubyte.gz", Gzip(ImageFileBytes(10, 28, 28, 7000)));
        var e = AssertFails(path, () => IdxReader.ReadImages(path), "expected 7840 bytes of pixel data after the header, got 7000");
        Assert.Contains("re-download it or delete it so it is fetched again", e.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_fails()
    {
        var gz = Gzip(ImageFileBytes(50, 28, 28, 50 * 784));
        var path = Write("t10k-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]);
        AssertFails(path, () => IdxReader.ReadImages(path), "is truncated");
    }

    [Fact]
    public void Data_beyond_the_header_count_fails()
    {
        var path = Write("train-images-idx3-ubyte", ImageFileBytes(1, 2, 2, 5));
        AssertFails(path, () => IdxReader.ReadImages(path), "more data than its header describes");
    }

    [Fact]
    public void Zero_images_fails()
    {
        var path = Write("train-images-idx3-ubyte", ImageFileBytes(0, 28, 28, 0));
        AssertFails(path, () => IdxReader.ReadImages(path), "holds no images");
    }

    [Fact]
    public void Corrupt_gzip_stream_fails()
    {
        var gz = Gzip(ImageFileBytes(20, 28, 28, 20 * 784));
        // Keep the gzip header (10 bytes) so the file is recognised as gzip, then garble the deflate data.
        for (var i = 12; i < 60; i++)
            gz[i] ^= 0x5A;
        var path = Write("train-images-idx3-ubyte.gz", gz);
        AssertFails(path, () => IdxReader.ReadImages(path), "corrupt gzip");
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        var images = _dir.Combine("train-images-idx3-ubyte");
        var labels = _dir.Combine("t10k-labels-idx1-ubyte");
        IdxWriter.WriteImages(images, IdxFixtures.Images(6));
        IdxWriter.WriteLabels(labels, IdxFixtures.Labels(4));
        var e = Assert.Throws<DcganException>(() => IdxReader.ReadImagesWithLabels(images, labels));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("6 images", e.Message);
        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void Missing_file_fails_with_its_name()
    {
        var path = _dir.Combine("absent-idx3-ubyte");
        AssertFails(path, () => IdxReader.ReadImages(path), "does not exist");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Writer_round_trips_through_reader(bool gzip)
    {
        var (imagesPath, labelsPath) = IdxFixtures.WritePair(_dir.Path, MnistSplit.Train, count: 7, gzip);
        var (images, labels) = IdxReader.ReadImagesWithLabels(imagesPath, labelsPath);
        var expected = IdxFixtures.Images(7);
        Assert.Equal((7, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(expected.Pixels, images.Pixels);
        Assert.Equal(IdxFixtures.Labels(7), labels);
        Assert.Equal(gzip, File.ReadAllBytes(imagesPath)[0] == 0x1f);
        // The atomic write leaves only the two files behind, no temporaries.
        Assert.Equal(2, Directory.GetFiles(_dir.Path).Length);
    }

    [Fact]
    public void Writer_replaces_an_existing_file()
    {
        var path = _dir.Combine("labels");
        IdxWriter.WriteLabels(path, [1, 2, 3]);
        IdxWriter.WriteLabels(path, [4]);
        Assert.Equal(new byte[] { 4 }, IdxReader.ReadLabels(path));
    }
}
