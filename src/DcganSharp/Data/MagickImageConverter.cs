using ImageMagick;
using SkiaSharp;

namespace DcganSharp.Data;

/// <summary>
/// Image formats SkiaSharp cannot decode but photo folders hold: TIFF and the PNM family (which
/// torchvision's ImageFolder also reads), phones' HEIC/HEIF, AVIF and JPEG XL. ImageMagick
/// (Magick.NET) decodes the first frame, turns it upright and into 8-bit sRGB, and hands it on as
/// an uncompressed BMP, so that <see cref="ImageDecoder"/>'s one pipeline (crop, resize, planes)
/// serves every format.
/// </summary>
internal static class MagickImageConverter
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(
        [".tif", ".tiff", ".ppm", ".pgm", ".pbm", ".pnm", ".heic", ".heif", ".avif", ".jxl"], StringComparer.OrdinalIgnoreCase);

    public static bool Handles(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// The picture as displayed, as uncompressed BMP bytes, and its header as stored (format,
    /// size, EXIF orientation, mode); null bytes with a reason when the file cannot be decoded or has more than
    /// <paramref name="pixelBudget"/> pixels (checked from the header, before decoding).
    /// </summary>
    public static (byte[]? Bitmap, ImageHeader? Header) Convert(string path, long pixelBudget, out string? problem)
    {
        problem = null;
        try
        {
            var info = new MagickImageInfo(path);
            if ((long)info.Width * info.Height > pixelBudget)
            {
                problem = $"too large: {info.Width}x{info.Height} {FormatName(info.Format)} is over the {pixelBudget / 1e6:0}-megapixel limit for formats decoded at full size; shrink it or save it as JPEG";
                return (null, null);
            }
            using var image = new MagickImage(path, new MagickReadSettings { FrameIndex = 0, FrameCount = 1 });
            var header = new ImageHeader(FormatName(image.Format), (int)image.Width, (int)image.Height, OriginOf(image.Orientation), ModeOf(image));
            image.AutoOrient();
            if (image.ColorSpace is not (ColorSpace.sRGB or ColorSpace.Gray))
                image.ColorSpace = ColorSpace.sRGB;
            image.Depth = 8;
            // BMP: uncompressed, since the bytes are decoded again at once (PNG's compression alone took a second for 12 MP).
            return (image.ToByteArray(MagickFormat.Bmp), header);
        }
        catch (MagickException e)
        {
            problem = Explain(e, FormatName(Path.GetExtension(path)));
            return (null, null);
        }
    }

    static string Explain(MagickException e, string format)
    {
        var reason = e.Message.Split('\n')[0];
        // ImageMagick's messages end with " `path' @ source.c/function/line"; the path is said elsewhere.
        var cut = reason.IndexOf(" `", StringComparison.Ordinal);
        if (cut > 0)
            reason = reason[..cut];
        return e switch
        {
            MagickCorruptImageErrorException or MagickCorruptImageWarningException => $"corrupt {format} data ({reason})",
            MagickMissingDelegateErrorException => $"not a readable {format} image ({reason})",
            _ => $"cannot be decoded as {format} ({reason})",
        };
    }

    static string FormatName(MagickFormat format) => format switch
    {
        MagickFormat.Tif or MagickFormat.Tiff or MagickFormat.Tiff64 or MagickFormat.Ptif => "TIFF",
        MagickFormat.Heic => "HEIC",
        MagickFormat.Heif => "HEIF",
        MagickFormat.Jxl => "JPEG XL",
        _ => format.ToString().ToUpperInvariant(),
    };

    // Every extension in Extensions is also the name of its MagickFormat (.tif is Tif, .heic is Heic, ...).
    static string FormatName(string extension) => FormatName(Enum.Parse<MagickFormat>(extension.TrimStart('.'), ignoreCase: true));

    static string ModeOf(MagickImage image) =>
        image.HasAlpha ? "RGBA" : image.ColorSpace == ColorSpace.Gray || image.ColorType is ColorType.Grayscale or ColorType.Bilevel ? "L" : "RGB";

    // EXIF orientation values are the same numbers in both libraries.
    static SKEncodedOrigin OriginOf(Orientation orientation) =>
        orientation is >= Orientation.TopLeft and <= Orientation.LeftBottom ? (SKEncodedOrigin)(int)orientation : SKEncodedOrigin.TopLeft;
}
