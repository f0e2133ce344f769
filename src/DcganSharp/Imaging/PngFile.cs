using DcganSharp.Data;
using DcganSharp.IO;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>PNG encoding through SkiaSharp, written atomically.</summary>
internal static class PngFile
{
    /// <summary>Writes an 8-bit [H, W, 3] (RGB) or [H, W, 1] (gray) tensor as a PNG file.</summary>
    public static void Write(string path, Tensor hwcBytes)
    {
        var bytes = Encode(hwcBytes);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>PNG bytes of an 8-bit [H, W, 3] (RGB) or [H, W, 1] (gray) tensor.</summary>
    public static byte[] Encode(Tensor hwcBytes)
    {
        if (hwcBytes.dtype != ScalarType.Byte || hwcBytes.dim() != 3 || hwcBytes.shape[2] is not (1 or 3))
            throw new ArgumentException($"expected a uint8 [H, W, 1|3] tensor, got {hwcBytes.dtype} [{string.Join(", ", hwcBytes.shape)}]");
        var (height, width, channels) = ((int)hwcBytes.shape[0], (int)hwcBytes.shape[1], (int)hwcBytes.shape[2]);
        using var packed = hwcBytes.contiguous();
        return Encode(TensorMemory.Bytes(packed), width, height, channels);
    }

    /// <summary>PNG bytes of packed 8-bit pixels (gray or RGB, rows top to bottom).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"expected {width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}");
        var info = channels == 1
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        if (channels == 1)
        {
            pixels.CopyTo(target);
        }
        else
        {
            for (int i = 0, j = 0; i < pixels.Length; i += 3, j += 4)
            {
                target[j] = pixels[i];
                target[j + 1] = pixels[i + 1];
                target[j + 2] = pixels[i + 2];
                target[j + 3] = 255;
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG");
        return data.ToArray();
    }
}
