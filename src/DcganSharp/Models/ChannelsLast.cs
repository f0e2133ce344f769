using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Models;

/// <summary>
/// The channels-last memory layout (NHWC strides on NCHW-shaped tensors, PyTorch's
/// <c>torch.channels_last</c>): oneDNN's convolutions on the CPU compute in it natively, so
/// networks kept in it skip a layout conversion before and after every convolution. Shapes,
/// values and state_dict keys do not change, only strides; files are written contiguous.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of a 4-D tensor (the tensor itself when it already is one).</summary>
    public static Tensor Of(Tensor tensor) => tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

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
