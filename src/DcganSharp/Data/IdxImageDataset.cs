using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Data;

/// <summary>
/// An MNIST-family image set (uint8 IDX), resized to the training size the way torchvision's
/// Resize + ToTensor + Normalize(0.5, 0.5) pipeline does: bilinear resampling (antialiased when
/// shrinking) to 8-bit pixels, then scaling to [-1, 1]. The resized pixels are computed once and
/// kept in memory (60,000 images at 64x64 take 245 MB); sizes that would not fit are resized on
/// the fly instead.
/// </summary>
public sealed class IdxImageDataset : IImageDataset
{
    const long CacheLimitBytes = 1L << 30;

    readonly IdxImages source;
    readonly byte[]? resized;

    public IdxImageDataset(IdxImages images, int imageSize, string description, bool cache = true)
    {
        source = images;
        ImageSize = imageSize;
        Description = description;
        var native = images.Rows == imageSize && images.Columns == imageSize;
        if (native)
            resized = images.Pixels;
        else if (cache && (long)images.Count * imageSize * imageSize <= CacheLimitBytes)
            resized = ResizeAll(images, imageSize);
    }

    public string Description { get; }

    public int Count => source.Count;

    public int Channels => 1;

    public int ImageSize { get; }

    public bool TryRead(int index, Span<float> destination)
    {
        var pixels = ImageSize * ImageSize;
        if (resized is not null)
        {
            ToUnitRange(resized.AsSpan(index * pixels, pixels), destination);
            return true;
        }
        using var scope = NewDisposeScope();
        var one = tensor(source.Image(index).ToArray(), new long[] { 1, 1, source.Rows, source.Columns });
        ToUnitRange(Resize(one, ImageSize).data<byte>().ToArray(), destination);
        return true;
    }

    public void Dispose()
    {
    }

    /// <summary>0..255 to [-1, 1]: ToTensor then Normalize((0.5,), (0.5,)).</summary>
    static void ToUnitRange(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        for (var i = 0; i < pixels.Length; i++)
            destination[i] = pixels[i] / 127.5f - 1f;
    }

    static byte[] ResizeAll(IdxImages images, int size)
    {
        var output = new byte[(long)images.Count * size * size];
        const int chunk = 2000;
        for (var start = 0; start < images.Count; start += chunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(chunk, images.Count - start);
            var pixels = images.Pixels.AsSpan(start * images.PixelsPerImage, count * images.PixelsPerImage).ToArray();
            var batch = tensor(pixels, new long[] { count, 1, images.Rows, images.Columns });
            Resize(batch, size).data<byte>().CopyTo(output.AsSpan(start * size * size));
        }
        return output;
    }

    /// <summary>[N, 1, H, W] uint8 to [N, 1, size, size] uint8, rounding like PIL.</summary>
    static Tensor Resize(Tensor bytes, int size)
    {
        var shrinking = bytes.shape[2] > size;
        var resampled = F.interpolate(bytes.to(float32), new long[] { size, size }, mode: InterpolationMode.Bilinear,
            align_corners: false, antialias: shrinking);
        return resampled.round_().clamp_(0, 255).to(uint8);
    }
}
