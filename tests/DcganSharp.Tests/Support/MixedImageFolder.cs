using DcganSharp.Tests.Support;
using SkiaSharp;
using static DcganSharp.Tests.Support.ImageFixtures;

namespace DcganSharp.Tests.Support;

/// <summary>
/// A generated folder of every kind of file an image folder holds in the wild: eleven readable
/// pictures in seven formats and several pixel modes, in nested folders, four broken files with
/// image extensions, and two non-image files. Built once per test class.
/// </summary>
public sealed class MixedImageFolder : IDisposable
{
    public MixedImageFolder()
    {
        var root = Directory.CreateTempSubdirectory("dcgan-mixed-").FullName;
        Root = root;
        HalvesFile(Path.Combine(root, "halves.png"), 200, 100, Red, Blue);
        using (var alpha = new SKBitmap(new SKImageInfo(40, 40, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            // Left half fully transparent white, right half opaque green.
            using (var canvas = new SKCanvas(alpha))
            {
                canvas.Clear(new SKColor(255, 255, 255, 0));
                using var paint = new SKPaint { Color = Green, BlendMode = SKBlendMode.Src };
                canvas.DrawRect(20, 0, 20, 40, paint);
            }
            Save(alpha, Path.Combine(root, "alpha.png"), SKEncodedImageFormat.Png);
        }
        HalvesFile(Path.Combine(root, "photos", "lossy.webp"), 60, 40, Red, Blue, SKEncodedImageFormat.Webp);
        MagickHalves(Path.Combine(root, "photos", "gray.jpg"), 60, 40, Grayscale);
        MagickHalves(Path.Combine(root, "photos", "cmyk.jpg"), 60, 40, Cmyk);
        MagickHalves(Path.Combine(root, "photos", "progressive.jpg"), 60, 40, Progressive);
        MagickHalves(Path.Combine(root, "photos", "rotated.jpg"), 40, 20, RotatedClockwise);
        MagickHalves(Path.Combine(root, "photos", "deep", "palette.png"), 60, 40, Palette);
        MagickHalves(Path.Combine(root, "photos", "deep", "sixteen.png"), 60, 40, SixteenBit);
        MagickHalves(Path.Combine(root, "other", "anim.gif"), 60, 40);
        MagickHalves(Path.Combine(root, "other", "picture.BMP"), 60, 40);
        WriteBrokenFiles(Path.Combine(root, "broken"));
        File.WriteAllText(Path.Combine(root, "notes.txt"), "not an image");
        File.WriteAllText(Path.Combine(root, "other", "README"), "not an image either");
    }

    public string Root { get; }

    public const int Readable = 11;

    /// <summary>The broken files, relative to the root, in sorted order.</summary>
    public static readonly string[] Broken = ["broken/empty.jpg", "broken/random.png", "broken/text.jpg", "broken/truncated.jpg"];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
