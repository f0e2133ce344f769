using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>The two convolutions DCGAN's networks are made of (square kernels, no bias), as one implementation computes them.</summary>
internal interface IConvolutionKernels
{
    /// <param name="input">[N, C, H, W].</param>
    /// <param name="weight">[O, C, k, k].</param>
    Tensor Convolution(Tensor input, Tensor weight, long stride, long padding);

    /// <param name="input">[N, C, H, W].</param>
    /// <param name="weight">[C, O, k, k].</param>
    Tensor TransposedConvolution(Tensor input, Tensor weight, long stride, long padding);
}

/// <summary>libtorch's own convolutions: oneDNN's on the CPU, unless it is switched off.</summary>
internal sealed class LibTorchConvolutions : IConvolutionKernels
{
    public static LibTorchConvolutions Instance { get; } = new();

    public Tensor Convolution(Tensor input, Tensor weight, long stride, long padding) =>
        nn.functional.conv2d(input, weight, strides: [stride, stride], padding: [padding, padding]);

    public Tensor TransposedConvolution(Tensor input, Tensor weight, long stride, long padding) =>
        nn.functional.conv_transpose2d(input, weight, strides: [stride, stride], padding: [padding, padding]);
}

/// <summary>
/// The convolutions as they are defined: every output the dot product of a kernel with its window
/// of the input (a matrix product over the unfolded windows), and the transposed convolution as
/// its adjoint (each input pixel scatters its kernel-weighted copy, summed by fold). Only
/// im2col, col2im and matrix products, none of the convolution kernels under test.
/// </summary>
internal sealed class ConvolutionDefinitions : IConvolutionKernels
{
    public static ConvolutionDefinitions Instance { get; } = new();

    public Tensor Convolution(Tensor input, Tensor weight, long stride, long padding)
    {
        var (n, outputs, k) = (input.shape[0], weight.shape[0], weight.shape[2]);
        var windows = nn.functional.unfold(input, k, padding: padding, stride: stride); // N x (C k k) x L
        var side = (input.shape[2] + 2 * padding - k) / stride + 1;
        return weight.reshape(outputs, -1).matmul(windows).reshape(n, outputs, side, side);
    }

    public Tensor TransposedConvolution(Tensor input, Tensor weight, long stride, long padding)
    {
        var (n, inputs, k) = (input.shape[0], weight.shape[0], weight.shape[2]);
        var side = (input.shape[2] - 1) * stride - 2 * padding + k;
        var scattered = weight.reshape(inputs, -1).t().matmul(input.reshape(n, inputs, -1)); // N x (O k k) x (H W)
        return nn.functional.fold(scattered, side, k, padding: padding, stride: stride);
    }
}
