using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// A generator prepared for inference with eval-mode BatchNorm: each BatchNorm folded into the
/// transposed convolution before it (its running statistics become a per-channel scale of the
/// weights and a bias, so each activation is written once instead of three times), weights kept
/// channels-last (oneDNN's layout on the CPU), and the stem, a transposed convolution of a 1x1
/// input, run as the matrix product it is. A block with an image's few channels runs on the CPU as
/// a <see cref="NarrowTransposedConvolution"/>, faster there than oneDNN's kernel. Built once from
/// the generator's current weights; later changes to the generator are not seen. The same images as the generator's eval-mode
/// forward pass up to float rounding.
/// </summary>
internal sealed class FoldedGenerator : IDisposable
{
    readonly Tensor stemWeight; // nz x (k*k*C), columns in channels-last order
    readonly Tensor? stemBias;  // C
    readonly long stemSize;
    readonly long stemChannels;
    // Each block as folded weights for oneDNN, or where it is narrow on the CPU, as a matrix product.
    readonly List<(Tensor? Weight, Tensor? Bias, NarrowTransposedConvolution? Narrow)> blocks = new();

    public FoldedGenerator(DcganGenerator generator)
    {
        using var noGrad = no_grad();
        // The folded weights outlive every dispose scope (the caller's too): Dispose frees them.
        using var scope = NewDisposeScope();
        var (convs, norms) = (generator.Convolutions, generator.Norms);
        for (var i = 0; i < convs.Count; i++)
        {
            var (weight, bias) = Fold(convs[i], i < norms.Count ? norms[i] : null);
            if (i == 0)
            {
                // ConvTranspose2d weights are [in, out, k, k]; as a matrix [in, k*k*out] for NHWC output.
                stemSize = weight.shape[2];
                stemChannels = weight.shape[1];
                stemWeight = weight.permute(0, 2, 3, 1).reshape(weight.shape[0], -1).contiguous().DetachFromDisposeScope();
                stemBias = bias?.DetachFromDisposeScope();
            }
            else
            {
                blocks.Add(weight.device_type == DeviceType.CPU && NarrowTransposedConvolution.Suits(weight)
                    ? (null, null, new NarrowTransposedConvolution(weight, bias))
                    : (ChannelsLast.Of(weight).DetachFromDisposeScope(), bias?.DetachFromDisposeScope(), null));
            }
        }
        if (stemWeight is null)
            throw new ArgumentException("the generator has no layers", nameof(generator));
    }

    /// <summary>Images in [-1, 1], [N, nc, size, size] (contiguous), for latent codes [N, nz, 1, 1].</summary>
    public Tensor Forward(Tensor latent)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var count = latent.shape[0];
        // nz x 1 x 1 -> C x k x k: one matrix product, viewed as a channels-last NCHW tensor.
        var x = latent.reshape(count, -1).matmul(stemWeight).view(count, stemSize, stemSize, stemChannels);
        if (stemBias is not null)
            x = x.add_(stemBias);
        x = Activate(x, last: blocks.Count == 0).permute(0, 3, 1, 2);
        for (var i = 0; i < blocks.Count; i++)
        {
            var (weight, bias, narrow) = blocks[i];
            var upsampled = narrow?.Forward(x) ?? nn.functional.conv_transpose2d(x, weight!, bias, new[] { 2L, 2L }, new[] { 1L, 1L });
            x = Activate(upsampled, last: i == blocks.Count - 1);
        }
        return x.contiguous().MoveToOuterDisposeScope();
    }

    static Tensor Activate(Tensor x, bool last) => last ? x.tanh_() : x.relu_();

    /// <summary>The convolution's weight scaled per output channel by the BatchNorm after it, and the bias that BatchNorm leaves.</summary>
    internal static (Tensor Weight, Tensor? Bias) Fold(ConvTranspose2d conv, BatchNorm2d? norm)
    {
        Tensor weight = conv.weight!;
        if (norm is null)
            return (weight.detach().clone(), null);
        var scale = norm.weight! * rsqrt(norm.running_var! + norm.eps);
        return (weight * scale.view(1, -1, 1, 1), norm.bias! - norm.running_mean! * scale);
    }

    public void Dispose()
    {
        stemWeight.Dispose();
        stemBias?.Dispose();
        foreach (var (weight, bias, narrow) in blocks)
        {
            weight?.Dispose();
            bias?.Dispose();
            narrow?.Dispose();
        }
    }
}
