using SkiaSharp;

namespace OnnxGrid;

/// <summary>
/// Images [N, C, H, W] in [-1, 1] tiled as `dcgan sample --grid` tiles them: a fixed number per
/// row, 2 pixels of black around and between, each value (x + 1) / 2 * 255 rounded.
/// </summary>
internal static class GridImage
{
    const int Padding = 2;

    public static byte[] Png(ReadOnlySpan<float> images, long[] shape, int perRow)
    {
        var (count, channels, height, width) = ((int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3]);
        var columns = Math.Min(perRow, count);
        var rows = (count + columns - 1) / columns;
        using var bitmap = new SKBitmap(new SKImageInfo(columns * (width + Padding) + Padding, rows * (height + Padding) + Padding, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.Black);
        var pixels = bitmap.GetPixelSpan();
        var plane = height * width;
        for (var i = 0; i < count; i++)
        {
            var (top, left) = (i / columns * (height + Padding) + Padding, i % columns * (width + Padding) + Padding);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var at = ((top + y) * bitmap.Width + left + x) * 4;
                    for (var c = 0; c < 3; c++)
                        pixels[at + c] = Byte(images[(i * channels + (channels == 1 ? 0 : c)) * plane + y * width + x]);
                }
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    static byte Byte(float value) => (byte)Math.Clamp((value + 1) / 2 * 255 + 0.5f, 0, 255);
}
