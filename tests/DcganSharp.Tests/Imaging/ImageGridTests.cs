using DcganSharp.Imaging;
using SkiaSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Imaging;

public sealed class ImageGridTests
{
    [Fact]
    public void Grid_has_torchvision_layout_eight_per_row_and_two_pixel_padding()
    {
        using var images = rand(10, 3, 4, 5);
        using var grid = ImageGrid.ToRgbBytes(images);
        // 10 images, 8 per row -> 2 rows; each cell is (4 + 2) x (5 + 2) plus a 2 px outer border.
        Assert.Equal(new long[] { 2 * 6 + 2, 8 * 7 + 2, 3 }, grid.shape);
        // Padding is black: the first two rows and columns, and the empty cells of the last row.
        Assert.Equal(0, grid[..2].sum().item<long>());
        Assert.Equal(0, grid[.., ..2].sum().item<long>());
        Assert.Equal(0, grid[8.., (2 * 7 + 2)..].sum().item<long>());
    }

    [Fact]
    public void Normalisation_maps_the_batch_minimum_to_0_and_maximum_to_255()
    {
        using var images = linspace(-0.3, 0.7, 2 * 1 * 3 * 3).reshape(2, 1, 3, 3);
        using var grid = ImageGrid.ToRgbBytes(images, padding: 0);
        Assert.Equal(0, grid.min().item<byte>());
        Assert.Equal(255, grid.max().item<byte>());
        // Grayscale shows as identical R, G and B.
        Assert.True(grid[.., .., 0].eq(grid[.., .., 1]).all().item<bool>() && grid[.., .., 1].eq(grid[.., .., 2]).all().item<bool>());
    }

    [Fact]
    public void Without_normalisation_minus_one_is_black_and_one_is_white()
    {
        using var images = tensor(new float[] { -1f, 1f }).reshape(1, 1, 1, 2);
        using var grid = ImageGrid.ToRgbBytes(images, padding: 0, normalize: false);
        Assert.Equal(0, grid[0, 0, 0].item<byte>());
        Assert.Equal(255, grid[0, 1, 0].item<byte>());
    }

    [Fact]
    public void Png_round_trips_through_a_decoder()
    {
        using var images = rand(3, 3, 8, 8);
        using var grid = ImageGrid.ToRgbBytes(images);
        var path = Path.Combine(Path.GetTempPath(), $"grid-{Guid.NewGuid():N}.png");
        try
        {
            PngFile.Write(path, grid);
            using var decoded = SKBitmap.Decode(path);
            Assert.Equal((int)grid.shape[1], decoded.Width);
            Assert.Equal((int)grid.shape[0], decoded.Height);
            var expected = grid.data<byte>().ToArray();
            for (var y = 0; y < decoded.Height; y += 3)
            {
                for (var x = 0; x < decoded.Width; x += 3)
                {
                    var pixel = decoded.GetPixel(x, y);
                    var offset = (y * decoded.Width + x) * 3;
                    Assert.Equal(expected[offset], pixel.Red);
                    Assert.Equal(expected[offset + 1], pixel.Green);
                    Assert.Equal(expected[offset + 2], pixel.Blue);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
