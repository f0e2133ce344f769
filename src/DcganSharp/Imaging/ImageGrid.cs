using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>
/// Tiles a batch of images into one picture the way torchvision's make_grid + save_image do:
/// a fixed number of images per row, black padding between and around them, single-channel
/// batches shown as RGB, and values min-max normalised over the whole batch.
/// </summary>
internal static class ImageGrid
{
    /// <summary>
    /// Returns the grid as an 8-bit RGB image, shape [height, width, 3] (HWC), on the CPU.
    /// </summary>
    /// <param name="images">[N, C, H, W] floats, C = 1 or 3 (or 4: alpha is dropped).</param>
    /// <param name="normalize">Min-max scale over the batch (save_image(normalize=True)); else clamp [-1, 1] to [0, 1].</param>
    public static Tensor ToRgbBytes(Tensor images, int imagesPerRow = 8, int padding = 2, bool normalize = true)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"expected a [N, C, H, W] batch, got shape [{string.Join(", ", images.shape)}]");
        if (imagesPerRow < 1 || padding < 0)
            throw new ArgumentException("imagesPerRow must be positive and padding non-negative");

        using var scope = NewDisposeScope();
        var batch = images.detach().to(float32, CPU);
        batch = batch.shape[1] switch
        {
            1 => batch.expand(-1, 3, -1, -1),
            3 => batch,
            4 => batch.narrow(1, 0, 3),
            _ => throw new ArgumentException($"cannot show images with {batch.shape[1]} channels"),
        };

        if (normalize)
        {
            var low = batch.min();
            var high = batch.max();
            batch = (batch - low) / (high - low).clamp_min(1e-5);
        }
        else
        {
            batch = (batch + 1) / 2;
        }

        var (count, height, width) = (batch.shape[0], batch.shape[2], batch.shape[3]);
        var columns = Math.Min(imagesPerRow, count);
        var rows = (count + columns - 1) / columns;
        var grid = zeros(3, rows * (height + padding) + padding, columns * (width + padding) + padding);
        for (var i = 0; i < count; i++)
        {
            var (row, column) = (i / columns, i % columns);
            grid.narrow(1, row * (height + padding) + padding, height)
                .narrow(2, column * (width + padding) + padding, width)
                .copy_(batch[i]);
        }

        // The same rounding as save_image: x * 255 + 0.5, clamped, truncated to uint8.
        var bytes = grid.mul(255).add_(0.5).clamp_(0, 255).to(uint8).permute(1, 2, 0).contiguous();
        return bytes.MoveToOuterDisposeScope();
    }
}
