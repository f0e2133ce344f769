using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Evaluation;

/// <summary>Brings image batches to a feature network's input size.</summary>
internal static class ImageResize
{
    /// <summary>
    /// [N, C, H, W] to [N, C, size, size] by bilinear resampling, antialiased when shrinking (as
    /// torchvision's Resize is) so that downsampled samples are not aliased; the input itself when
    /// it already has that size.
    /// </summary>
    public static Tensor To(Tensor images, int size)
    {
        if (images.shape[2] == size && images.shape[3] == size)
            return images.alias();
        var shrinking = images.shape[2] > size || images.shape[3] > size;
        return F.interpolate(images, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: shrinking);
    }
}
