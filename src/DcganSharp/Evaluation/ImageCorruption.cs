using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Evaluation;

/// <summary>Controlled damage to real images for the FID sanity check: the more damage, the larger FID must be.</summary>
internal static class ImageCorruption
{
    /// <summary>Images [N, C, H, W] in [-1, 1] plus Gaussian noise of standard deviation <paramref name="sigma"/>, clamped back to [-1, 1].</summary>
    public static Tensor AddNoise(Tensor images, double sigma, torch.Generator random)
    {
        if (sigma <= 0)
            return images.alias();
        using var noise = randn(images.shape, generator: random).to(images.device);
        return (images + noise * sigma).clamp_(-1, 1);
    }

    /// <summary>
    /// A Gaussian blur of standard deviation <paramref name="sigma"/> pixels: a separable kernel of
    /// radius ceil(3 sigma) (at most a third of the image, so reflection padding stays valid).
    /// </summary>
    public static Tensor Blur(Tensor images, double sigma)
    {
        if (sigma <= 0)
            return images.alias();
        var radius = (int)Math.Min(Math.Ceiling(3 * sigma), (images.shape[2] - 1) / 3);
        if (radius < 1)
            return images.alias();
        using var scope = NewDisposeScope();
        var taps = Enumerable.Range(-radius, 2 * radius + 1).Select(x => (float)Math.Exp(-x * x / (2 * sigma * sigma))).ToArray();
        var sum = taps.Sum();
        var channels = images.shape[1];
        var kernel = tensor(taps.Select(t => t / sum).ToArray()).to(images.device);
        var horizontal = kernel.view(1, 1, 1, -1).expand(channels, 1, 1, -1);
        var vertical = kernel.view(1, 1, -1, 1).expand(channels, 1, -1, 1);
        var padded = F.pad(images, new long[] { radius, radius, radius, radius }, PaddingModes.Reflect);
        var blurred = F.conv2d(F.conv2d(padded, horizontal, groups: channels), vertical, groups: channels);
        return blurred.MoveToOuterDisposeScope();
    }
}
