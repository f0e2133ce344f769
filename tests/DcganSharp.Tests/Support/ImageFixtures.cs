using ImageMagick;
using ImageMagick.Drawing;
using SkiaSharp;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Image files for data tests, generated on the fly: SkiaSharp writes JPEG, PNG and WebP;
/// Magick.NET writes what SkiaSharp cannot (CMYK and progressive JPEG, EXIF orientation,
/// palette and 16-bit PNG, GIF, BMP). Most are "halves" images: the left half one colour, the
/// right half another, so tests can check where pixels land.
/// </summary>
internal static class ImageFixtures
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Blue = new(0, 0, 255);
    public static readonly SKColor Green = new(0, 255, 0);

    /// <summary>A width x height picture, left half <paramref name="left"/>, right half <paramref name="right"/>.</summary>
    public static SKBitmap Halves(int width, int height, SKColor left, SKColor right)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(left);
        using var paint = new SKPaint { Color = right, BlendMode = SKBlendMode.Src };
        canvas.DrawRect(width / 2, 0, width - width / 2, height, paint);
        return bitmap;
    }

    /// <summary>A smooth two-way colour gradient: red grows to the right, green downwards.</summary>
    public static SKBitmap Gradient(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(255 * x / (width - 1)), (byte)(255 * y / (height - 1)), 128));
        }
        return bitmap;
    }

    /// <summary>Writes a bitmap with SkiaSharp's encoder (JPEG, PNG or WebP) and returns the path.</summary>
    public static string Save(SKBitmap bitmap, string path, SKEncodedImageFormat format, int quality = 95)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp cannot encode {format}");
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    public static string HalvesFile(string path, int width, int height, SKColor left, SKColor right, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = Halves(width, height, left, right);
        return Save(bitmap, path, format);
    }

    /// <summary>A red/blue halves picture written by Magick.NET after <paramref name="setup"/> (colour space, depth, orientation...).</summary>
    public static string MagickHalves(string path, int width, int height, Action<MagickImage>? setup = null, MagickFormat? format = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new MagickImage(MagickColors.Red, (uint)width, (uint)height);
        image.Draw(new DrawableFillColor(MagickColors.Blue), new DrawableRectangle(width / 2, 0, width, height));
        setup?.Invoke(image);
        if (format is { } f)
            image.Format = f;
        image.Write(path);
        return path;
    }

    public static void Cmyk(MagickImage image) => image.ColorSpace = ColorSpace.CMYK;

    public static void Grayscale(MagickImage image) => image.ColorType = ColorType.Grayscale;

    public static void Progressive(MagickImage image) => image.Settings.Interlace = Interlace.Jpeg;

    public static void Palette(MagickImage image) => image.Settings.SetDefine(MagickFormat.Png, "format", "png8");

    public static void SixteenBit(MagickImage image)
    {
        image.Depth = 16;
        image.Settings.SetDefine(MagickFormat.Png, "format", "png48");
    }

    /// <summary>EXIF orientation 6: the stored picture must be turned 90 degrees clockwise to be displayed.</summary>
    public static void RotatedClockwise(MagickImage image)
    {
        // Magick.NET writes the tag only when both the profile and the property say so.
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        image.SetProfile(exif);
        image.Orientation = Orientation.RightTop;
    }

    /// <summary>Broken files with image extensions: empty, truncated JPEG, text renamed .jpg, random bytes .png.</summary>
    public static IReadOnlyList<string> WriteBrokenFiles(string folder)
    {
        Directory.CreateDirectory(folder);
        var empty = Path.Combine(folder, "empty.jpg");
        File.WriteAllBytes(empty, []);
        var truncated = Path.Combine(folder, "truncated.jpg");
        // Busy enough that the first half holds the whole header and some of the picture.
        using (var bitmap = Gradient(320, 240))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
            File.WriteAllBytes(truncated, data.ToArray()[..(int)(data.Size / 2)]);
        var text = Path.Combine(folder, "text.jpg");
        File.WriteAllText(text, "this is not a picture\n");
        var random = Path.Combine(folder, "random.png");
        File.WriteAllBytes(random, Enumerable.Range(0, 500).Select(i => (byte)(i * 37 % 251)).ToArray());
        return [empty, random, text, truncated];
    }
}
