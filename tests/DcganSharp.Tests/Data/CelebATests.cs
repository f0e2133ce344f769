using DcganSharp.Data;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class CelebATests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>
    /// Six 178x218 faces: red, with a green centred 124x124 square, a little larger than the
    /// customary 108 crop and clearly smaller than a 160 one. Partitions: 1-3 train, 4-5 valid, 6 test.
    /// </summary>
    string MakeCelebA(string imagesFolder, bool partitionList = true, bool csv = false)
    {
        using var face = new SKBitmap(new SKImageInfo(178, 218, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(face))
        {
            canvas.Clear(ImageFixtures.Red);
            using var green = new SKPaint { Color = ImageFixtures.Green };
            canvas.DrawRect(27, 47, 124, 124, green);
        }
        for (var i = 1; i <= 6; i++)
            ImageFixtures.Save(face, Path.Combine(imagesFolder, $"{i:D6}.jpg"), SKEncodedImageFormat.Jpeg, quality: 98);
        var parent = Path.GetDirectoryName(imagesFolder)!;
        if (partitionList)
        {
            var lines = Enumerable.Range(1, 6).Select(i => $"{i:D6}.jpg{(csv ? "," : " ")}{(i <= 3 ? 0 : i <= 5 ? 1 : 2)}");
            if (csv)
                File.WriteAllLines(Path.Combine(parent, "list_eval_partition.csv"), ["image_id,partition", .. lines]);
            else
                File.WriteAllLines(Path.Combine(parent, "list_eval_partition.txt"), lines);
        }
        return imagesFolder;
    }

    FolderImageDataset Open(string root, DataSplit? split = null, int? crop = null, TextWriter? log = null) =>
        CelebAFolder.Open(root, split, crop, new DecodeSettings(16), cache: false, log ?? TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags);

    [Theory]
    [InlineData(null, 3)]
    [InlineData("Train", 3)]
    [InlineData("Valid", 2)]
    [InlineData("Test", 1)]
    [InlineData("All", 6)]
    public void Split_selects_the_partition(string? splitName, int expected)
    {
        DataSplit? split = splitName is null ? null : Enum.Parse<DataSplit>(splitName);
        MakeCelebA(dir.Combine("img_align_celeba"));
        using var dataset = Open(dir.Path, split);
        Assert.Equal(expected, dataset.Count);
        if (split is DataSplit.Test)
            Assert.Equal("000006.jpg", dataset.Describe(0));
    }

    [Fact]
    public void Default_crop_is_the_centre_108_square_and_wider_crops_show_the_border()
    {
        MakeCelebA(dir.Combine("img_align_celeba"));
        using var face108 = Open(dir.Path);
        using var face160 = Open(dir.Path, crop: 160);
        using var face178 = Open(dir.Path, crop: 0);
        float[] Corner(FolderImageDataset d)
        {
            var image = new float[3 * 16 * 16];
            Assert.True(d.TryRead(0, image, out var problem), problem);
            // Top-left output pixel, channels R and G.
            return [image[0], image[256]];
        }
        Assert.Contains("centre 108x108 crop", face108.Description);
        var corner108 = Corner(face108);
        Assert.True(corner108[1] > 0.8 && corner108[0] < -0.8, $"108 crop corner should be green: {string.Join(", ", corner108)}");
        var corner160 = Corner(face160);
        Assert.True(corner160[0] > 0.8 && corner160[1] < -0.8, $"160 crop corner should be red: {string.Join(", ", corner160)}");
        var corner178 = Corner(face178);
        Assert.True(corner178[0] > 0.8 && corner178[1] < -0.8, $"largest-square corner should be red: {string.Join(", ", corner178)}");
        Assert.Contains("largest centre square", face178.Description);
    }

    [Fact]
    public void Torchvision_and_kaggle_layouts_are_found()
    {
        MakeCelebA(dir.Combine("tv", "celeba", "img_align_celeba"));
        using (var torchvision = Open(dir.Combine("tv")))
            Assert.Equal(3, torchvision.Count);

        // Kaggle: img_align_celeba/img_align_celeba/*.jpg and list_eval_partition.csv at the top.
        MakeCelebA(dir.Combine("kaggle", "img_align_celeba", "img_align_celeba"), csv: true);
        File.Move(dir.Combine("kaggle", "img_align_celeba", "list_eval_partition.csv"), dir.Combine("kaggle", "list_eval_partition.csv"));
        using (var kaggle = Open(dir.Combine("kaggle"), DataSplit.Valid))
            Assert.Equal(["img_align_celeba/000004.jpg", "img_align_celeba/000005.jpg"], kaggle.Files);

        // The image folder itself as the data root.
        using (var itself = Open(dir.Combine("tv", "celeba", "img_align_celeba")))
            Assert.Equal(3, itself.Count);
    }

    [Fact]
    public void Without_a_partition_list_every_image_is_used_with_a_note()
    {
        MakeCelebA(dir.Combine("img_align_celeba"), partitionList: false);
        var log = new StringWriter();
        using var dataset = Open(dir.Path, log: log);
        Assert.Equal(6, dataset.Count);
        Assert.Contains("no list_eval_partition.txt", log.ToString());
        Assert.Throws<DcganException>(() => Open(dir.Path, DataSplit.Valid));
    }

    [Fact]
    public void Missing_celeba_says_where_to_get_it()
    {
        var e = Assert.Throws<DcganException>(() => Open(dir.Path));
        Assert.StartsWith($"CelebA not found under '{dir.Path}'", e.Message);
        Assert.Contains("img_align_celeba", e.Message);
    }

    [Fact]
    public void A_damaged_partition_list_names_the_line()
    {
        MakeCelebA(dir.Combine("img_align_celeba"));
        File.AppendAllText(dir.Combine("list_eval_partition.txt"), "000007.jpg seven\n");
        var e = Assert.Throws<DcganException>(() => Open(dir.Path));
        Assert.Contains("line 7", e.Message);
    }
}
