using DcganSharp.Data;
using DcganSharp.Tests.Support;
using ImageMagick;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Data;

/// <summary>
/// Formats SkiaSharp cannot decode (TIFF, the PNM family, HEIC/AVIF): read through ImageMagick
/// into the same pipeline, so a picture gives the same training square in any lossless format.
/// </summary>
public sealed class MagickFormatsTests : IDisposable
{
    const int Size = 16;
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>A 40x30 picture with detail everywhere: red grows to the right, green downwards.</summary>
    static MagickImage Gradient()
    {
        using var bitmap = ImageFixtures.Gradient(40, 30);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return new MagickImage(png.ToArray());
    }

    static (ImageDecodeResult Result, byte[] Planes) Decode(string path, int channels = 3, long? pixelBudget = null)
    {
        var settings = new DecodeSettings(Size, channels);
        if (pixelBudget is { } budget)
            settings = settings with { PixelBudget = budget };
        var planes = new byte[settings.PlanarLength];
        return (ImageDecoder.Decode(path, settings, planes), planes);
    }

    [Theory]
    [InlineData("picture.tif", MagickFormat.Tiff, "TIFF")]
    [InlineData("picture.TIFF", MagickFormat.Tiff, "TIFF")]
    [InlineData("picture.ppm", MagickFormat.Ppm, "PPM")]
    [InlineData("picture.pnm", MagickFormat.Ppm, "PPM")]
    public void A_lossless_picture_decodes_to_the_same_square_as_its_png(string name, MagickFormat format, string formatName)
    {
        using var image = Gradient();
        var png = dir.Combine("picture.png");
        image.Write(png, MagickFormat.Png);
        var other = dir.Combine(name);
        image.Write(other, format);

        var (expected, expectedPlanes) = Decode(png);
        var (actual, actualPlanes) = Decode(other);

        Assert.True(expected.Succeeded, expected.Problem);
        Assert.True(actual.Succeeded, actual.Problem);
        Assert.True(ImageFileTypes.IsImage(other));
        Assert.Equal(new ImageHeader(formatName, 40, 30, SKEncodedOrigin.TopLeft, "RGB"), actual.Header);
        Assert.Equal(expectedPlanes, actualPlanes);
    }

    [Fact]
    public void A_grayscale_pgm_is_mode_L_and_decodes_like_its_png()
    {
        using var image = Gradient();
        image.ColorType = ColorType.Grayscale;
        var png = dir.Combine("gray.png");
        image.Write(png, MagickFormat.Png);
        var pgm = dir.Combine("gray.pgm");
        image.Write(pgm, MagickFormat.Pgm);

        foreach (var channels in new[] { 1, 3 })
        {
            var (expected, expectedPlanes) = Decode(png, channels);
            var (actual, actualPlanes) = Decode(pgm, channels);
            Assert.True(actual.Succeeded, actual.Problem);
            Assert.Equal(expected.Header!.Mode, actual.Header!.Mode);
            Assert.Equal("L", actual.Header.Mode);
            Assert.Equal(expectedPlanes, actualPlanes);
        }
    }

    [Fact]
    public void A_tiff_with_an_exif_orientation_is_turned_upright_and_reports_it()
    {
        // Stored 40x24 (left red, right blue), to be shown turned clockwise: red on top.
        var tiff = ImageFixtures.MagickHalves(dir.Combine("turned.tif"), 40, 24, ImageFixtures.RotatedClockwise, MagickFormat.Tiff);

        var (result, planes) = Decode(tiff);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(SKEncodedOrigin.RightTop, result.Header!.Origin);
        Assert.Equal((24, 40), (result.Header.DisplayWidth, result.Header.DisplayHeight));
        var (top, bottom) = (2 * Size + Size / 2, (Size - 2) * Size + Size / 2);
        Assert.Equal((255, 0, 0), (planes[top], planes[Size * Size + top], planes[2 * Size * Size + top]));
        Assert.Equal((0, 0, 255), (planes[bottom], planes[Size * Size + bottom], planes[2 * Size * Size + bottom]));
    }

    [Fact]
    public void A_transparent_tiff_is_composited_over_black_like_a_png()
    {
        using var image = Gradient();
        image.Alpha(AlphaAction.Set);
        image.Evaluate(Channels.Alpha, EvaluateOperator.Set, Quantum.Max / 2);
        var png = dir.Combine("alpha.png");
        image.Write(png, MagickFormat.Png);
        var tiff = dir.Combine("alpha.tiff");
        image.Write(tiff, MagickFormat.Tiff);

        var (expected, expectedPlanes) = Decode(png);
        var (actual, actualPlanes) = Decode(tiff);

        Assert.True(actual.Succeeded, actual.Problem);
        Assert.Equal("RGBA", actual.Header!.Mode);
        Assert.Equal(expected.Header!.Mode, actual.Header.Mode);
        Assert.Equal(expectedPlanes, actualPlanes);
    }

    [Theory]
    [InlineData("picture.avif", MagickFormat.Avif, "AVIF")]
    [InlineData("picture.jxl", MagickFormat.Jxl, "JPEG XL")]
    [InlineData("picture.pbm", MagickFormat.Pbm, "PBM")]
    public void A_lossy_or_reduced_picture_decodes_close_to_the_original(string name, MagickFormat format, string formatName)
    {
        using var image = Gradient();
        image.Quality = 95;
        if (format == MagickFormat.Pbm)
            image.ColorType = ColorType.Grayscale; // one bit per pixel: compared below as gray, within a wide margin
        var path = dir.Combine(name);
        image.Write(path, format);

        AssertCloseToGradient(path, formatName, format == MagickFormat.Pbm ? 128 : 6);
    }

    [Fact]
    public void A_phone_heic_decodes_close_to_the_picture()
    {
        // Written by libheif's heif-enc (Fixtures/images/make_heic_fixture.sh): Magick.NET cannot write HEIC.
        var heic = dir.Combine("IMG_0001.HEIC");
        File.Copy(Path.Combine(Support.FixturePaths.Root, "images", "gradient.heic"), heic);

        AssertCloseToGradient(heic, "HEIC");
    }

    [Fact]
    public void A_heic_is_shown_as_stored_whatever_its_exif_orientation_says()
    {
        // HEIF rotates with its own transforms, which the decoder applies; the EXIF tag is only
        // descriptive there. Turning by it as well would turn phone photos twice.
        var heic = dir.Combine("rotated.heic");
        File.Copy(Path.Combine(Support.FixturePaths.Root, "images", "exif-rotated.heic"), heic);

        var (result, planes) = Decode(heic);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(SKEncodedOrigin.TopLeft, result.Header!.Origin);
        Assert.Equal((40, 24), (result.Header.DisplayWidth, result.Header.DisplayHeight));
        var (left, right) = (Size / 2 * Size + 2, Size / 2 * Size + Size - 3);
        Assert.True(planes[left] > 200 && planes[2 * Size * Size + left] < 60, $"left should be red: {planes[left]}, {planes[2 * Size * Size + left]}");
        Assert.True(planes[right] < 60 && planes[2 * Size * Size + right] > 200, $"right should be blue: {planes[right]}, {planes[2 * Size * Size + right]}");
    }

    void AssertCloseToGradient(string path, string formatName, double tolerance = 6)
    {
        using var image = Gradient();
        var png = dir.Combine("reference.png");
        image.Write(png, MagickFormat.Png);
        var (_, expectedPlanes) = Decode(png);

        var (actual, actualPlanes) = Decode(path);

        Assert.True(actual.Succeeded, actual.Problem);
        Assert.Equal((formatName, 40, 30), (actual.Header!.Format, actual.Header.Width, actual.Header.Height));
        var meanError = expectedPlanes.Zip(actualPlanes).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(meanError < tolerance, $"mean absolute error {meanError:F2}");
    }

    [Fact]
    public void Broken_tiffs_are_reasons_not_exceptions()
    {
        using var image = Gradient();
        var good = dir.Combine("good.tif");
        image.Write(good, MagickFormat.Tiff);
        var bytes = File.ReadAllBytes(good);
        var truncated = dir.Combine("truncated.tif");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var garbage = dir.Combine("garbage.tiff");
        File.WriteAllBytes(garbage, [.. "II*\0"u8, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 37 % 251))]);
        var text = dir.Combine("text.ppm");
        File.WriteAllText(text, "not a picture\n");

        foreach (var path in new[] { truncated, garbage, text })
        {
            var (result, _) = Decode(path);
            Assert.False(result.Succeeded, path);
            Assert.DoesNotContain('\n', result.Problem!);
            Assert.DoesNotContain(path, result.Problem!);
            Assert.Null(Record.Exception(() => ImageDecoder.ReadHeader(path, out _)));
        }
    }

    [Fact]
    public void A_garbage_file_with_any_magick_extension_is_a_reason_naming_its_format()
    {
        foreach (var extension in MagickImageConverter.Extensions)
        {
            var path = dir.Combine("garbage" + extension);
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37 % 251))]);

            var (result, _) = Decode(path);

            Assert.False(result.Succeeded, path);
            Assert.DoesNotContain('\n', result.Problem!);
        }
    }

    [Fact]
    public void A_tiff_over_the_pixel_budget_is_refused_before_decoding()
    {
        using var image = Gradient();
        var tiff = dir.Combine("big.tif");
        image.Write(tiff, MagickFormat.Tiff);

        var (result, _) = Decode(tiff, pixelBudget: 1000);

        Assert.False(result.Succeeded);
        Assert.StartsWith("too large: 40x30 TIFF", result.Problem);
    }

    [Fact]
    public void A_folder_of_tiffs_and_pngs_trains_on_all_of_them()
    {
        using var image = Gradient();
        image.Write(dir.Combine("a.png"), MagickFormat.Png);
        image.Write(dir.Combine("b.tif"), MagickFormat.Tiff);
        image.Write(dir.Combine("c.pgm"), MagickFormat.Pgm);
        File.WriteAllText(dir.Combine("notes.txt"), "not an image");

        var scan = ImageFolderScanner.Scan(dir.Path, "--dataroot");
        Assert.Equal(["a.png", "b.tif", "c.pgm"], scan.Images);

        using var dataset = FolderImageDataset.Open(dir.Path, new DecodeSettings(Size), false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags);
        var planes = new float[3 * Size * Size];
        for (var i = 0; i < dataset.Count; i++)
            Assert.True(dataset.TryRead(i, planes, out var problem), problem);
    }
}
