using SkiaSharp;

namespace DcganSharp.Data;

/// <summary>The last step of decoding: a small RGBA square to 8-bit planes, in its displayed orientation.</summary>
internal static class OrientedPlanes
{
    /// <summary>
    /// Premultiplied RGBA (alpha over black is exactly the premultiplied colour) to planes,
    /// turning the stored square to its displayed orientation on the way.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> rgba, int size, SKEncodedOrigin origin, int channels, Span<byte> planar)
    {
        var plane = size * size;
        var last = size - 1;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (u, v) = Stored(origin, x, y, last);
                var p = (v * size + u) * 4;
                var o = y * size + x;
                if (channels == 1)
                {
                    planar[o] = PixelPlanes.Luma(rgba[p], rgba[p + 1], rgba[p + 2]);
                }
                else
                {
                    planar[o] = rgba[p];
                    planar[plane + o] = rgba[p + 1];
                    planar[2 * plane + o] = rgba[p + 2];
                }
            }
        }
    }

    /// <summary>Where displayed pixel (x, y) of a square is stored, for each EXIF orientation.</summary>
    static (int U, int V) Stored(SKEncodedOrigin origin, int x, int y, int last) => origin switch
    {
        SKEncodedOrigin.TopRight => (last - x, y),
        SKEncodedOrigin.BottomRight => (last - x, last - y),
        SKEncodedOrigin.BottomLeft => (x, last - y),
        SKEncodedOrigin.LeftTop => (y, x),
        SKEncodedOrigin.RightTop => (y, last - x),
        SKEncodedOrigin.RightBottom => (last - y, last - x),
        SKEncodedOrigin.LeftBottom => (last - y, x),
        _ => (x, y),
    };
}
