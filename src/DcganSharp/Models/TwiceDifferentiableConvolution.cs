using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Models;

/// <summary>
/// A convolution as unfold (im2col) and one matrix product, for passes whose gradient is itself
/// differentiated (the R1 penalty). On the CPU, libtorch 2.10's own convolution leaves part of its
/// second-order weight gradient unwritten for DCGAN's strided layers: the values are whatever the
/// allocator's reused memory held (NaN, garbage, or zeros in a fresh process; found by
/// tests/.../Models/DcganDiscriminatorTests.cs). Unfold and matmul have plain double-backward
/// formulas. Same values as conv2d up to float rounding.
/// </summary>
internal static class TwiceDifferentiableConvolution
{
    /// <summary><paramref name="conv"/> (no bias, groups 1, no dilation) applied to <paramref name="input"/>.</summary>
    public static Tensor Apply(Conv2d conv, Tensor input)
    {
        var weight = conv.weight!;                                          // O x C x kh x kw
        var (kernel, stride, padding) = (conv.kernel_size, conv.stride, conv.padding!); // Handles: not null
        var height = (input.shape[2] + 2 * padding[0] - kernel[0]) / stride[0] + 1;
        var width = (input.shape[3] + 2 * padding[1] - kernel[1]) / stride[1] + 1;
        using var columns = F.unfold(input, (kernel[0], kernel[1]), padding: (padding[0], padding[1]), stride: (stride[0], stride[1])); // N x (C kh kw) x L
        using var rows = weight.reshape(weight.shape[0], -1);             // O x (C kh kw)
        using var product = rows.matmul(columns);                          // N x O x L
        return product.view(input.shape[0], weight.shape[0], height, width);
    }

    /// <summary>True when <see cref="Apply"/> computes <paramref name="conv"/> exactly.</summary>
    public static bool Handles(Conv2d conv) =>
        conv.bias is null && conv.groups == 1 && conv.dilation.All(d => d == 1) && conv.padding is not null;
}
