using static TorchSharp.torch;

namespace DcganSharp.Models.FastPaths;

/// <summary>
/// A DCGAN block's transposed convolution (4x4 kernel, stride 2, padding 1) with few output
/// channels, such as the generator's last layer (the image's 1-4 channels), on the CPU: for
/// sampling (a prepared layer) and in training (<see cref="Apply"/>; see <see cref="StridedConvolution"/>).
/// oneDNN vectorises these convolutions over output channels, so with 3 of them most vector
/// lanes idle. This computes the layer as one matrix product, every input pixel times every kernel
/// tap, followed by the sums that make each output pixel: in well under half oneDNN's time
/// (bench/speed/README.md), the same values up to float rounding.
/// </summary>
/// <remarks>
/// Output row 2i takes kernel row 1 from input row i and kernel row 3 from row i-1; output row 2i+1
/// takes kernel row 2 from row i and kernel row 0 from row i+1 (oy = 2 iy - 1 + ky). Columns alike.
/// So the taps are summed in two passes, rows then columns, each a pair of shifted additions.
/// </remarks>
internal sealed class NarrowTransposedConvolution : IDisposable
{
    /// <summary>Output channels up to which this beats oneDNN's convolution (an image's channels).</summary>
    public const int MaxOutputChannels = 4;

    readonly Tensor taps;  // (ky, kx, out) x in
    readonly Tensor? bias; // out
    readonly long outputChannels;

    /// <param name="weight">ConvTranspose2d weights, [in, out, 4, 4].</param>
    /// <param name="bias">[out], or null.</param>
    public NarrowTransposedConvolution(Tensor weight, Tensor? bias)
    {
        Require(weight);
        outputChannels = weight.shape[1];
        using var noGrad = no_grad();
        // Kept until Dispose, whatever dispose scope the caller is in.
        taps = Taps(weight.detach()).contiguous().DetachFromDisposeScope();
        this.bias = bias?.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Whether weights [in, out, k, k] are a 4x4 kernel with few enough output channels.</summary>
    public static bool Suits(Tensor weight) =>
        weight.dim() == 4 && weight.shape[1] <= MaxOutputChannels && weight.shape[2] == 4 && weight.shape[3] == 4;

    /// <summary>[N, out, 2H, 2W] (contiguous) for input [N, in, H, W] (channels-last is read without a copy).</summary>
    public Tensor Forward(Tensor input) => Compute(input, taps, outputChannels, bias);

    /// <summary>
    /// conv_transpose2d(input, weight, stride 2, padding 1) for weights that <see cref="Suits"/>, without
    /// a prepared layer (weights that change every step); [N, out, 2H, 2W], contiguous.
    /// </summary>
    public static Tensor Apply(Tensor input, Tensor weight)
    {
        Require(weight);
        using var scope = NewDisposeScope();
        return Compute(input, Taps(weight), weight.shape[1], null).MoveToOuterDisposeScope();
    }

    static void Require(Tensor weight)
    {
        if (!Suits(weight))
            throw new ArgumentException($"expected [in, <= {MaxOutputChannels}, 4, 4] weights, got [{string.Join(", ", weight.shape)}]", nameof(weight));
    }

    // [in, out, 4, 4] -> (ky, kx, out) x in: one row per kernel tap and output channel.
    static Tensor Taps(Tensor weight) => weight.permute(2, 3, 1, 0).reshape(16 * weight.shape[1], weight.shape[0]);

    static Tensor Compute(Tensor input, Tensor taps, long outputChannels, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var (count, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var pixels = input.permute(0, 2, 3, 1).reshape(count, height * width, input.shape[1]);
        // Every tap's contribution: N x (ky, kx, out) x H x W.
        var products = taps.matmul(pixels.transpose(1, 2)).view(count, 4, 4, outputChannels, height, width);

        // Rows: kernel row 1 gathers row 3 from the input row above, kernel row 2 row 0 from the row below.
        var (rows, cols) = (height - 1, width - 1);
        products.select(1, 1).narrow(3, 1, rows).add_(products.select(1, 3).narrow(3, 0, rows));
        products.select(1, 2).narrow(3, 0, rows).add_(products.select(1, 0).narrow(3, 1, rows));
        // Columns, within kernel rows 1 and 2 (output rows 2i and 2i+1), the same way.
        var summed = products.narrow(1, 1, 2);
        summed.select(2, 1).narrow(4, 1, cols).add_(summed.select(2, 3).narrow(4, 0, cols));
        summed.select(2, 2).narrow(4, 0, cols).add_(summed.select(2, 0).narrow(4, 1, cols));

        // Interleave the four phases: output[n, c, 2i + a, 2j + b] = summed[n, a, 1 + b, c, i, j].
        var output = empty(new[] { count, outputChannels, height, 2, width, 2 }, input.dtype, input.device);
        output.copy_(summed.narrow(2, 1, 2).permute(0, 3, 4, 1, 5, 2));
        var images = output.view(count, outputChannels, 2 * height, 2 * width);
        if (bias is not null)
            images.add_(bias.view(1, -1, 1, 1));
        return images.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        taps.Dispose();
        bias?.Dispose();
    }
}
