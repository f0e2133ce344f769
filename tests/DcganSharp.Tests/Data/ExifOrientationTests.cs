using DcganSharp.Data;
using DcganSharp.Tests.Support;
using ImageMagick;
using ImageMagick.Drawing;
using Xunit;

namespace DcganSharp.Tests.Data;

/// <summary>All eight EXIF orientations, checked against ImageMagick's AutoOrient as the reference.</summary>
public sealed class ExifOrientationTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Decoded_square_matches_the_auto_oriented_picture(int orientation)
    {
        // Stored 40x24 with four coloured quadrants, so every flip and turn is visible.
        using var image = new MagickImage(MagickColors.Red, 40, 24);
        image.Draw(new DrawableFillColor(MagickColors.Lime), new DrawableRectangle(20, 0, 40, 12));
        image.Draw(new DrawableFillColor(MagickColors.Blue), new DrawableRectangle(0, 12, 20, 24));
        image.Draw(new DrawableFillColor(MagickColors.White), new DrawableRectangle(20, 12, 40, 24));
        image.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "4:4:4");
        image.Quality = 100;
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        image.SetProfile(exif);
        image.Orientation = (Orientation)orientation;
        var path = Path.Combine(dir.Path, $"o{orientation}.jpg");
        image.Write(path, MagickFormat.Jpeg);

        const int size = 16;
        var planes = new byte[3 * size * size];
        var result = ImageDecoder.Decode(path, new DecodeSettings(size), planes);
        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal((SkiaSharp.SKEncodedOrigin)orientation, result.Header.Origin);

        using var reference = new MagickImage(path);
        reference.AutoOrient();
        var (width, height) = ((int)reference.Width, (int)reference.Height);
        Assert.Equal((width, height), (result.Header.DisplayWidth, result.Header.DisplayHeight));
        var side = Math.Min(width, height);
        var (left, top) = ((width - side) / 2, (height - side) / 2);
        using var pixels = reference.GetPixels();
        foreach (var (x, y) in new[] { (4, 4), (11, 4), (4, 11), (11, 11) })
        {
            var expected = pixels.GetPixel(left + (int)((x + 0.5) * side / size), top + (int)((y + 0.5) * side / size)).ToColor()!;
            var actual = new[] { planes[y * size + x], planes[size * size + y * size + x], planes[2 * size * size + y * size + x] };
            var want = new[] { expected.R, expected.G, expected.B };
            Assert.True(want.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 40),
                $"orientation {orientation}, pixel ({x}, {y}): expected ({string.Join(", ", want)}), got ({string.Join(", ", actual)})");
        }
    }
}
