using DcganSharp.IO;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Data;

/// <summary>
/// Resizes in-memory 8-bit planar images (IDX digits, CIFAR-10 records) the way torchvision's
/// Resize does on tensors: bilinear, antialiased when shrinking, rounded back to 8 bits like PIL.
/// </summary>
internal static class PlanarResize
{
    const int Chunk = 2000;

    /// <summary>
    /// All <paramref name="count"/> images of <paramref name="pixels"/> ([N, C, rows, columns]
    /// bytes) at <paramref name="size"/> x <paramref name="size"/>, in chunks so the float
    /// intermediates stay small.
    /// </summary>
    public static byte[] All(byte[] pixels, int count, int channels, int rows, int columns, int size)
    {
        var inputLength = channels * rows * columns;
        var outputLength = channels * size * size;
        var output = new byte[(long)count * outputLength];
        for (var start = 0; start < count; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(Chunk, count - start);
            var chunk = pixels.AsSpan(start * inputLength, n * inputLength).ToArray();
            var batch = tensor(chunk, new long[] { n, channels, rows, columns });
            TensorMemory.Bytes(Resize(batch, size)).CopyTo(output.AsSpan(start * outputLength, n * outputLength));
        }
        return output;
    }

    /// <summary>
    /// One image ([C, rows, columns] bytes) at <paramref name="size"/> x <paramref name="size"/>: a
    /// uint8 tensor [C, size, size] in the caller's dispose scope, what <see cref="All"/> gives for it.
    /// </summary>
    public static Tensor One(ReadOnlySpan<byte> image, int channels, int rows, int columns, int size)
    {
        using var scope = NewDisposeScope();
        var batch = empty(new long[] { 1, channels, rows, columns }, uint8);
        image.CopyTo(batch.bytes);
        return Resize(batch, size).squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>[N, C, H, W] uint8 to [N, C, size, size] uint8, rounding like PIL.</summary>
    static Tensor Resize(Tensor bytes, int size)
    {
        var shrinking = bytes.shape[2] > size;
        var resampled = F.interpolate(bytes.to(float32), new long[] { size, size }, mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: shrinking);
        return resampled.round_().clamp_(0, 255).to(uint8);
    }
}
