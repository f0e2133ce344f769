using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Models.FastPaths;

/// <summary>
/// The channels-last memory layout (NHWC strides on NCHW-shaped tensors, PyTorch's
/// <c>torch.channels_last</c>): oneDNN's convolutions on the CPU compute in it natively, so
/// networks kept in it skip a layout conversion before and after every convolution. Shapes,
/// values and state_dict keys do not change, only strides; files are written contiguous.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>
    /// A 4-D tensor with channels-last strides: a copy, or a view of the tensor when its memory is
    /// already in that order.
    /// </summary>
    /// <remarks>
    /// Where a dimension has size 1 (one channel, say) both layouts put the elements in the same
    /// places, but libtorch still reads the strides to pick the layout of a convolution's output,
    /// and reads a plain [N, 1, H, W] or [O, 1, 4, 4] as NCHW. So the strides are always set here:
    /// a single-channel network's first convolution then also returns channels-last, and the layers
    /// after it skip a layout conversion forwards and backwards (a measurable part of a grayscale
    /// training step; bench/speed/README.md).
    /// </remarks>
    public static Tensor Of(Tensor tensor)
    {
        var (channels, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3]);
        var dense = tensor.permute(0, 2, 3, 1).contiguous(); // N x H x W x C in memory
        return dense.as_strided(tensor.shape, [height * width * channels, 1, width * channels, channels], dense.storage_offset());
    }

    /// <summary>Moves every 4-D parameter (the convolution weights) of <paramref name="module"/> to channels-last, in place.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var parameter in module.parameters().Where(p => p.dim() == 4))
        {
            using var layout = Of(parameter);
            parameter.set_(layout);
        }
    }
}
