using DcganSharp.Data;

namespace DcganSharp.Tests.Support;

/// <summary>Small deterministic IDX data for tests.</summary>
internal static class IdxFixtures
{
    public static IdxImages Images(int count, int rows = 28, int columns = 28, int seed = 1)
    {
        var pixels = new byte[count * rows * columns];
        new Random(seed).NextBytes(pixels);
        return new IdxImages(count, rows, columns, pixels);
    }

    public static byte[] Labels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>Writes a matching image/label pair named as the published files of <paramref name="split"/>.</summary>
    public static (string Images, string Labels) WritePair(string folder, MnistSplit split, int count = 5, bool gzip = false, MnistFamily? family = null)
    {
        family ??= MnistFamily.Mnist;
        var suffix = gzip ? ".gz" : "";
        var images = Path.Combine(folder, family.Images(split).Name + suffix);
        var labels = Path.Combine(folder, family.Labels(split).Name + suffix);
        IdxWriter.WriteImages(images, Images(count), gzip);
        IdxWriter.WriteLabels(labels, Labels(count), gzip);
        return (images, labels);
    }
}
