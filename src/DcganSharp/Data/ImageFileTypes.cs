namespace DcganSharp.Data;

/// <summary>Which files an image folder is made of, told apart by extension (case-insensitive).</summary>
internal static class ImageFileTypes
{
    /// <summary>
    /// Extensions SkiaSharp decodes (JPEG, PNG, BMP, GIF's first frame, WebP) and those it hands to
    /// ImageMagick (<see cref="MagickImageConverter"/>: TIFF, PPM/PGM/PBM/PNM, HEIC/HEIF, AVIF, JPEG XL).
    /// </summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(
        [".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".gif", ".webp", .. MagickImageConverter.Extensions], StringComparer.OrdinalIgnoreCase);

    /// <summary>For messages.</summary>
    public const string Supported = "JPEG, PNG, BMP, GIF, WebP, TIFF, PNM, HEIC, AVIF or JPEG XL";

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>The extension counted for an ignored file: ".tif", or "(none)".</summary>
    public static string ExtensionOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension.Length == 0 ? "(none)" : extension;
    }
}
