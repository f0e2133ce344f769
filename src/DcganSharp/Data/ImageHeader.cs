using SkiaSharp;

namespace DcganSharp.Data;

/// <summary>
/// What an image file says about itself: its format ("JPEG"), stored size, EXIF orientation and
/// pixel mode in PIL's terms ("L" grayscale, "RGB", "RGBA" with transparency).
/// </summary>
internal sealed record ImageHeader(string Format, int Width, int Height, SKEncodedOrigin Origin, string Mode)
{
    /// <summary>Whether the EXIF orientation turns the picture by 90 degrees, swapping width and height.</summary>
    public bool SwapsAxes => Origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Width as displayed, after the EXIF orientation.</summary>
    public int DisplayWidth => SwapsAxes ? Height : Width;

    /// <summary>Height as displayed, after the EXIF orientation.</summary>
    public int DisplayHeight => SwapsAxes ? Width : Height;
}
