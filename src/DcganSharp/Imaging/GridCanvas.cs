using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>
/// An 8-bit RGB grid filled a batch at a time, laid out like <see cref="ImageGrid"/> (and
/// torchvision's make_grid): a fixed number of images per row, black padding between and around.
/// Only the finished picture is held, never the images' floats, so a grid of thousands of samples
/// costs three bytes per pixel.
/// </summary>
internal sealed class GridCanvas : IDisposable
{
    /// <summary>The tallest or widest grid written, in pixels; PNG decoders commonly refuse larger.</summary>
    public const int MaxSide = 32_767;

    readonly int imageHeight;
    readonly int imageWidth;
    readonly int padding;

    public int Count { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The grid, uint8 [height, width, 3] on the CPU; owned by the canvas.</summary>
    public Tensor Pixels { get; }

    public GridCanvas(int count, int imageHeight, int imageWidth, int imagesPerRow = 8, int padding = 2)
    {
        if (count < 1 || imagesPerRow < 1 || padding < 0)
            throw new ArgumentException("count and imagesPerRow must be positive and padding non-negative");
        (Count, this.imageHeight, this.imageWidth, this.padding) = (count, imageHeight, imageWidth, padding);
        Columns = Math.Min(imagesPerRow, count);
        Rows = (count + Columns - 1) / Columns;
        var height = Side(Rows, imageHeight, padding);
        var width = Side(Columns, imageWidth, padding);
        if (height > MaxSide || width > MaxSide)
            throw DcganException.Usage($"a grid of {count} {imageWidth}x{imageHeight} images, {Columns} per row, would be {width}x{height} pixels (at most {MaxSide} a side); write fewer images to the grid, or use --out-dir for individual files");
        Pixels = zeros(new long[] { height, width, 3 }, dtype: uint8);
    }

    /// <summary>The largest number of images a grid can hold at this size and row length.</summary>
    public static int Capacity(int imageHeight, int imageWidth, int imagesPerRow = 8, int padding = 2) =>
        Side(1, imageWidth, padding) > MaxSide ? 0 : (MaxSide - padding) / (imageHeight + padding) * Math.Max(1, imagesPerRow);

    /// <summary>Places uint8 [N, H, W, 1|3] images at grid positions <paramref name="firstIndex"/> onwards.</summary>
    public void Place(long firstIndex, Tensor hwcBytes)
    {
        if (hwcBytes.dtype != ScalarType.Byte || hwcBytes.dim() != 4 || hwcBytes.shape[1] != imageHeight || hwcBytes.shape[2] != imageWidth || hwcBytes.shape[3] is not (1 or 3))
            throw new ArgumentException($"expected uint8 [N, {imageHeight}, {imageWidth}, 1|3] images, got {hwcBytes.dtype} [{string.Join(", ", hwcBytes.shape)}]");
        if (firstIndex < 0 || firstIndex + hwcBytes.shape[0] > Count)
            throw new ArgumentOutOfRangeException(nameof(firstIndex), $"images {firstIndex}..{firstIndex + hwcBytes.shape[0] - 1} do not fit a grid of {Count}");
        using var scope = NewDisposeScope();
        var source = hwcBytes.shape[3] == 1 ? hwcBytes.expand(-1, -1, -1, 3) : hwcBytes;
        for (var i = 0; i < hwcBytes.shape[0]; i++)
        {
            var index = firstIndex + i;
            var (row, column) = (index / Columns, index % Columns);
            Pixels.narrow(0, row * (imageHeight + padding) + padding, imageHeight)
                .narrow(1, column * (imageWidth + padding) + padding, imageWidth)
                .copy_(source[i]);
        }
    }

    static int Side(int cells, int size, int padding) => (int)Math.Min(int.MaxValue, (long)cells * (size + padding) + padding);

    public void Dispose() => Pixels.Dispose();
}
