namespace DcganSharp.Data;

/// <summary>
/// The content of a uint8 IDX image file: <paramref name="Count"/> images of
/// <paramref name="Rows"/> x <paramref name="Columns"/> pixels, stored row-major, image after image,
/// 0 = background (white in MNIST's convention) to 255 = ink.
/// </summary>
internal sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/>, without copying.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
