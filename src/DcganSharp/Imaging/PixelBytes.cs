using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>
/// Generator outputs (Tanh, [-1, 1]) to 8-bit pixels with one fixed mapping, the one
/// save_image uses without normalize: round((x + 1) / 2 * 255), clamped. Unlike a batch min-max,
/// an image's pixels never depend on which other images shared its batch, so images written in
/// streamed batches, grids and animations all agree.
/// </summary>
internal static class PixelBytes
{
    /// <summary>
    /// [N, C, H, W] floats to uint8 [N, H, W, C'] on the CPU: C' = 1 for gray, 3 for RGB (an alpha
    /// channel is dropped), or always 3 when <paramref name="rgb"/> is true.
    /// </summary>
    public static Tensor FromSigned(Tensor images, bool rgb = false)
    {
        if (images.dim() != 4)
            throw new ArgumentException($"expected a [N, C, H, W] batch, got shape [{string.Join(", ", images.shape)}]");
        using var scope = NewDisposeScope();
        var batch = images.detach().to(float32, CPU);
        batch = batch.shape[1] switch
        {
            1 => rgb ? batch.expand(-1, 3, -1, -1) : batch,
            3 => batch,
            4 => batch.narrow(1, 0, 3),
            _ => throw new DcganException($"images with {batch.shape[1]} channels cannot be saved as pictures; only 1 (gray), 3 (RGB) or 4 (RGBA) channels can"),
        };
        // The same arithmetic as ImageGrid (and torchvision): x * 255 + 0.5, clamped, truncated.
        var bytes = batch.add(1).div_(2).mul_(255).add_(0.5).clamp_(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
        return bytes.MoveToOuterDisposeScope();
    }

    /// <summary>Nearest-neighbour enlargement of uint8 [..., H, W, C] pixels by an integer factor, for small images on screen.</summary>
    public static Tensor Enlarge(Tensor hwcBytes, int factor)
    {
        if (factor < 1)
            throw new ArgumentOutOfRangeException(nameof(factor), "the scale must be at least 1");
        if (factor == 1)
            return hwcBytes.alias();
        var heightAxis = hwcBytes.dim() - 3;
        return hwcBytes.repeat_interleave(factor, dim: heightAxis).repeat_interleave(factor, dim: heightAxis + 1);
    }
}
