using DcganSharp.Data;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;
using static DcganSharp.Tests.Support.ImageFixtures;

namespace DcganSharp.Tests.Data;

public sealed class FolderImageDatasetTests(MixedImageFolder folder) : IClassFixture<MixedImageFolder>
{
    const int Size = 16;

    static float[] Read(FolderImageDataset dataset, string file)
    {
        var index = dataset.Files.ToList().IndexOf(file);
        Assert.True(index >= 0, $"{file} not in the dataset: {string.Join(", ", dataset.Files)}");
        var pixels = new float[dataset.Channels * Size * Size];
        Assert.True(dataset.TryRead(index, pixels, out var problem), $"{file}: {problem}");
        return pixels;
    }

    /// <summary>Channel values of pixel (x, y), in [-1, 1].</summary>
    static float[] Pixel(float[] image, int x, int y, int channels = 3) =>
        Enumerable.Range(0, channels).Select(c => image[c * Size * Size + y * Size + x]).ToArray();

    static void AssertColour(float[] expected, float[] actual, double tolerance, string what) =>
        Assert.True(expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= tolerance),
            $"{what}: expected ({string.Join(", ", expected)}), got ({string.Join(", ", actual.Select(v => v.ToString("F3")))})");

    static readonly float[] RedUnit = [1f, -1f, -1f];
    static readonly float[] BlueUnit = [-1f, -1f, 1f];

    FolderImageDataset Open(int channels = 3, bool cache = false) =>
        FolderImageDataset.Open(folder.Root, new DecodeSettings(Size, channels), cache, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags);

    [Fact]
    public void Scan_finds_images_recursively_in_sorted_order_and_counts_other_files()
    {
        var scan = ImageFolderScanner.Scan(folder.Root, "--dataroot");

        Assert.Equal(MixedImageFolder.Readable + MixedImageFolder.Broken.Length, scan.Images.Count);
        Assert.Equal(scan.Images.OrderBy(f => f, StringComparer.Ordinal), scan.Images);
        Assert.Contains("photos/deep/sixteen.png", scan.Images);
        Assert.Contains("other/picture.BMP", scan.Images);
        Assert.Equal(2, scan.OtherFileCount);
        Assert.Equal(1, scan.OtherFiles[".txt"]);
        Assert.Equal(1, scan.OtherFiles["(none)"]);
    }

    [Fact]
    public void Every_format_and_mode_decodes_and_only_the_broken_files_fail()
    {
        using var dataset = Open();
        var failed = new List<string>();
        var pixels = new float[3 * Size * Size];
        for (var i = 0; i < dataset.Count; i++)
        {
            if (!dataset.TryRead(i, pixels, out var problem))
            {
                failed.Add(dataset.Describe(i));
                Assert.False(string.IsNullOrWhiteSpace(problem));
                continue;
            }
            Assert.All(pixels, v => Assert.InRange(v, -1f, 1f));
        }
        Assert.Equal(MixedImageFolder.Broken, failed);
    }

    [Fact]
    public void Broken_files_say_what_is_wrong_with_them()
    {
        using var dataset = Open();
        string Problem(string file)
        {
            var index = dataset.Files.ToList().IndexOf(file);
            Assert.False(dataset.TryRead(index, new float[3 * Size * Size], out var problem));
            return problem;
        }
        Assert.Equal("empty file (0 bytes)", Problem("broken/empty.jpg"));
        Assert.Contains("truncated", Problem("broken/truncated.jpg"));
        Assert.StartsWith("not a JPEG, PNG", Problem("broken/text.jpg"));
        Assert.StartsWith("not a JPEG, PNG", Problem("broken/random.png"));
    }

    [Fact]
    public void Known_picture_is_centre_cropped_and_resized_to_known_pixels()
    {
        using var dataset = Open();
        // 200x100, red left half, blue right half: the centre 100x100 square is red | blue.
        var image = Read(dataset, "halves.png");
        for (var y = 0; y < Size; y += 5)
        {
            AssertColour(RedUnit, Pixel(image, 1, y), 0.01, $"left column, row {y}");
            // Next to the edge the mipmapped filter blends in a trace of the other half.
            AssertColour(RedUnit, Pixel(image, 6, y), 0.05, $"left of centre, row {y}");
            AssertColour(BlueUnit, Pixel(image, 9, y), 0.05, $"right of centre, row {y}");
            AssertColour(BlueUnit, Pixel(image, 14, y), 0.01, $"right column, row {y}");
        }
    }

    [Theory]
    [InlineData("photos/gray.jpg")]
    [InlineData("photos/cmyk.jpg")]
    [InlineData("photos/progressive.jpg")]
    [InlineData("photos/lossy.webp")]
    [InlineData("photos/deep/palette.png")]
    [InlineData("photos/deep/sixteen.png")]
    [InlineData("other/anim.gif")]
    [InlineData("other/picture.BMP")]
    public void Other_formats_and_modes_give_the_same_halves(string file)
    {
        using var dataset = Open();
        var image = Read(dataset, file);
        if (file.Contains("gray"))
        {
            // Grayscale JPEG: both halves are shades of gray, red's brighter than blue's, and R = G = B.
            var left = Pixel(image, 2, 8);
            var right = Pixel(image, 13, 8);
            Assert.True(Math.Abs(left[0] - left[1]) < 0.02 && Math.Abs(left[1] - left[2]) < 0.02, $"not gray: {string.Join(", ", left)}");
            Assert.True(left[0] > right[0] + 0.1, $"red half {left[0]} not brighter than blue half {right[0]}");
            return;
        }
        var lossy = file.EndsWith(".jpg", StringComparison.Ordinal) || file.EndsWith(".webp", StringComparison.Ordinal);
        var tolerance = lossy ? 0.1 : 0.01;
        AssertColour(RedUnit, Pixel(image, 2, 8), tolerance, $"{file} left");
        AssertColour(BlueUnit, Pixel(image, 13, 8), tolerance, $"{file} right");
    }

    [Fact]
    public void Exif_orientation_6_turns_the_picture_clockwise()
    {
        using var dataset = Open();
        // Stored 40x20 red | blue; displayed turned clockwise: 20x40, red on top, blue below.
        var image = Read(dataset, "photos/rotated.jpg");
        AssertColour(RedUnit, Pixel(image, 8, 2), 0.1, "top");
        AssertColour(BlueUnit, Pixel(image, 8, 13), 0.1, "bottom");
        AssertColour(RedUnit, Pixel(image, 2, 3), 0.1, "top left");
        AssertColour(RedUnit, Pixel(image, 13, 3), 0.1, "top right");

        var header = ImageDecoder.ReadHeader(Path.Combine(folder.Root, "photos/rotated.jpg"), out _)!;
        Assert.Equal(SKEncodedOrigin.RightTop, header.Origin);
        Assert.Equal((20, 40), (header.DisplayWidth, header.DisplayHeight));
    }

    [Fact]
    public void Transparency_is_composited_over_black()
    {
        using var dataset = Open();
        var image = Read(dataset, "alpha.png");
        AssertColour([-1f, -1f, -1f], Pixel(image, 2, 8), 0.01, "transparent white");
        AssertColour([-1f, 1f, -1f], Pixel(image, 13, 8), 0.01, "opaque green");
    }

    [Fact]
    public void One_channel_gives_PIL_luma()
    {
        using var dataset = Open(channels: 1);
        var image = Read(dataset, "halves.png");
        Assert.Equal(Size * Size, image.Length);
        // L = (19595 R + 38470 G + 7471 B + 32768) >> 16: 76 for pure red, 29 for pure blue.
        Assert.Equal(76 / 127.5f - 1f, Pixel(image, 2, 8, channels: 1)[0], 3);
        Assert.Equal(29 / 127.5f - 1f, Pixel(image, 13, 8, channels: 1)[0], 3);
    }

    [Fact]
    public void Cache_returns_the_same_pixels_and_remembers_failures()
    {
        using var plain = Open();
        using var cached = Open(cache: true);
        Assert.True(cached.Cached);
        var a = new float[3 * Size * Size];
        var b = new float[3 * Size * Size];
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < plain.Count; i++)
            {
                var ok = plain.TryRead(i, a, out var problemA);
                Assert.Equal(ok, cached.TryRead(i, b, out var problemB));
                Assert.Equal(problemA, problemB);
                if (ok)
                    Assert.Equal(a, b);
            }
        }
    }

    [Fact]
    public void Fine_detail_is_averaged_not_aliased_when_shrinking()
    {
        using var temp = new TempDirectory();
        using (var stripes = new SKBitmap(new SKImageInfo(300, 300, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            for (var y = 0; y < 300; y++)
            {
                for (var x = 0; x < 300; x++)
                    stripes.SetPixel(x, y, x % 2 == 0 ? SKColors.White : SKColors.Black);
            }
            Save(stripes, temp.Combine("stripes.png"), SKEncodedImageFormat.Png);
        }
        var planes = new byte[3 * Size * Size];
        Assert.True(ImageDecoder.Decode(temp.Combine("stripes.png"), new DecodeSettings(Size), planes).Succeeded);
        // 1-pixel stripes are far finer than the output's pixels: every output pixel is mid-gray.
        Assert.All(planes, v => Assert.InRange(v, 100, 155));
    }

    [Fact]
    public void Huge_jpeg_is_decoded_at_a_reduced_size()
    {
        using var temp = new TempDirectory();
        const int side = 6000;
        using (var huge = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            huge.Erase(new SKColor(90, 90, 90));
            Save(huge, temp.Combine("huge.jpg"), SKEncodedImageFormat.Jpeg, quality: 50);
        }

        var result = ImageDecoder.Decode(temp.Combine("huge.jpg"), new DecodeSettings(64), new byte[3 * 64 * 64]);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal((side, side), (result.Header.Width, result.Header.Height));
        // libjpeg's smallest scale, 1/8: 750x750 (2.25 MB of RGBA) instead of 144 MB.
        Assert.Equal((side / 8, side / 8), (result.DecodedWidth, result.DecodedHeight));
    }

    [Fact]
    public void Picture_over_the_pixel_budget_in_an_unscalable_format_is_refused_not_decoded()
    {
        using var temp = new TempDirectory();
        var path = HalvesFile(temp.Combine("big.png"), 200, 100, Red, Blue);
        var settings = new DecodeSettings(16) { PixelBudget = 10_000 };

        var result = ImageDecoder.Decode(path, settings, new byte[3 * 16 * 16]);

        Assert.False(result.Succeeded);
        Assert.StartsWith("too large: 200x100 PNG", result.Problem);
    }

    [Fact]
    public void Symlink_loop_does_not_hang_the_scan_and_counts_each_image_once()
    {
        using var temp = new TempDirectory();
        HalvesFile(temp.Combine("a", "one.png"), 20, 20, Red, Blue);
        HalvesFile(temp.Combine("b", "two.png"), 20, 20, Red, Blue);
        Directory.CreateSymbolicLink(temp.Combine("a", "up"), "..");
        Directory.CreateSymbolicLink(temp.Combine("b", "self"), ".");
        Directory.CreateSymbolicLink(temp.Combine("b", "sideways"), temp.Combine("a"));

        var scan = ImageFolderScanner.Scan(temp.Path, "--dataroot");

        Assert.Equal(["a/one.png", "b/two.png"], scan.Images);
        Assert.True(scan.RevisitedFolders >= 3, $"revisited {scan.RevisitedFolders}");
    }

    [Fact]
    public void Folder_without_images_is_one_clear_error_naming_what_it_holds()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("scan.psd"), "x");

        var e = Assert.Throws<DcganException>(() => FolderImageDataset.Open(temp.Path, new DecodeSettings(Size), false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags));

        Assert.Contains($"no images found under '{temp.Path}'", e.Message);
        Assert.Contains(".psd 1", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_skipped_with_the_advice_to_rename_it()
    {
        using var temp = new TempDirectory();
        var good = HalvesFile(temp.Combine("ok.png"), 20, 20, Red, Blue);
        // "caf\xe9.png": Latin-1, as old cameras and Windows archives name files; .NET cannot open it.
        var copy = System.Diagnostics.Process.Start("bash", ["-c", "cp \"$1\" \"$2/$(printf 'caf\\351.png')\"", "_", good, temp.Path])!;
        copy.WaitForExit();
        Assert.Equal(0, copy.ExitCode);

        using var dataset = FolderImageDataset.Open(temp.Path, new DecodeSettings(Size), false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags);
        var planes = new float[3 * Size * Size];
        var results = Enumerable.Range(0, dataset.Count).Select(i => (Read: dataset.TryRead(i, planes, out var problem), Problem: problem)).ToList();

        Assert.Equal(2, results.Count);
        Assert.Single(results, r => r.Read);
        var failure = Assert.Single(results, r => !r.Read);
        Assert.Contains("not valid UTF-8", failure.Problem);
        Assert.Contains("rename it", failure.Problem);
    }

    [Theory]
    [InlineData("faces.zip", true)]
    [InlineData("faces.tar.gz", true)]
    [InlineData("notes.txt", false)]
    public void A_file_as_the_data_root_is_one_clear_error_that_says_to_extract_an_archive(string name, bool archive)
    {
        using var temp = new TempDirectory();
        var file = temp.Combine(name);
        File.WriteAllText(file, "x");

        var e = Assert.Throws<DcganException>(() => FolderImageDataset.Open(file, new DecodeSettings(Size), false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags));

        Assert.Contains($"'{file}' is a file; --dataroot must be a folder of images", e.Message);
        Assert.Equal(archive, e.Message.Contains("extract the archive", StringComparison.Ordinal));
    }

    [Fact]
    public void Folder_of_only_broken_images_is_one_clear_error()
    {
        using var temp = new TempDirectory();
        WriteBrokenFiles(temp.Combine("bad"));

        var e = Assert.Throws<DcganException>(() => FolderImageDataset.Open(temp.Path, new DecodeSettings(Size), false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags));

        Assert.Contains($"no readable image in '{temp.Path}'", e.Message);
        Assert.Contains("all 4 image file(s) failed", e.Message);
        Assert.Contains("'bad/empty.jpg': empty file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
