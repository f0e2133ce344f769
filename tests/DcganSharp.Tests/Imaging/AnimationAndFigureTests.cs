using DcganSharp.Imaging;
using ImageMagick;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Imaging;

public sealed class AnimationAndFigureTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("animation-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("walk.gif", MagickFormat.Gif)]
    [InlineData("walk.webp", MagickFormat.WebP)]
    public void Animations_decode_to_the_frames_written(string name, MagickFormat format)
    {
        manual_seed(1);
        var frames = Enumerable.Range(0, 5).Select(_ => randint(0, 256, new long[] { 12, 20, 3 }, dtype: uint8)).ToList();
        var path = Path.Combine(folder, name);

        AnimationFile.Write(path, frames, frameDelayMs: 100);

        using var decoded = new MagickImageCollection(path);
        Assert.Equal(format, decoded[0].Format);
        Assert.Equal(5, decoded.Count);
        Assert.All(decoded, frame => Assert.Equal((20u, 12u), (frame.Width, frame.Height)));
        Assert.Equal(10u, decoded[0].AnimationDelay);
        foreach (var frame in frames)
            frame.Dispose();
    }

    [Fact]
    public void Animated_png_is_refused_with_the_reason()
    {
        var error = Assert.Throws<DcganException>(() => AnimationFile.FormatOf("walk.png"));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("ffmpeg", error.Message);
    }

    [Fact]
    public void A_grid_filled_in_batches_equals_the_reference_grid_of_the_same_images()
    {
        manual_seed(2);
        using var images = rand(11, 3, 6, 5) * 2.4 - 1.2;
        using var expected = ImageGrid.ToRgbBytes(images, imagesPerRow: 4, normalize: false);

        using var canvas = new GridCanvas(11, 6, 5, imagesPerRow: 4);
        using (var first = PixelBytes.FromSigned(images.narrow(0, 0, 7)))
            canvas.Place(0, first);
        using (var rest = PixelBytes.FromSigned(images.narrow(0, 7, 4)))
            canvas.Place(7, rest);

        Assert.True(expected.eq(canvas.Pixels).all().item<bool>(), "grid differs from ImageGrid.ToRgbBytes(normalize: false)");
    }

    [Fact]
    public void Figure_labels_are_drawn_with_the_embedded_font()
    {
        using var tile = full(new long[] { 32, 32, 3 }, (byte)128, dtype: uint8);
        byte[] Render(string label) => LabelledFigure.Encode([new FigureRow(label, [new FigureCell(tile, "mean")])], title: "A \u2212 B + C");

        using var withText = SKBitmap.Decode(Render("smiling woman"));
        using var otherText = SKBitmap.Decode(Render("neutral man!!"));

        // The label column holds dark text pixels, and different words draw differently.
        var labelPixels = Enumerable.Range(0, 60).SelectMany(x => Enumerable.Range(0, withText.Height).Select(y => (x, y))).ToList();
        Assert.Contains(labelPixels, p => withText.GetPixel(p.x, p.y).Red < 100);
        Assert.Contains(labelPixels, p => withText.GetPixel(p.x, p.y) != otherText.GetPixel(p.x, p.y));
        Assert.Equal("DejaVu Sans", FigureFont.Typeface.FamilyName);
    }
}
