using System.Buffers.Binary;
using Xunit;

namespace DcganSharp.Serve.Tests.Support;

/// <summary>Checks on PNG bytes without decoding them: the signature and the IHDR size.</summary>
public static class Png
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the bytes are a PNG and returns its width and height.</summary>
    public static (int Width, int Height) AssertSize(byte[] bytes)
    {
        Assert.True(bytes.Length > 24 && bytes.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG: the signature is missing");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>The size of a grid of <paramref name="count"/> images, as torchvision's make_grid lays it out (2 px padding).</summary>
    public static (int Width, int Height) GridSize(int count, int imageSize, int perRow = 8)
    {
        var columns = Math.Min(perRow, count);
        var rows = (count + columns - 1) / columns;
        return (columns * (imageSize + 2) + 2, rows * (imageSize + 2) + 2);
    }
}
