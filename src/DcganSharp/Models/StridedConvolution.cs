using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Models;

/// <summary>
/// DCGAN's stride-2 4x4 convolutions (padding 1, no bias) for training on the CPU, with their
/// weight gradients computed as one matrix product over the unfolded input instead of by oneDNN's
/// backward-weights kernel, which runs these shapes at a third to a half of the machine's peak
/// (bench/speed/README.md). The forward pass and the input gradient stay oneDNN's convolutions.
/// Same values as the modules' own autograd up to float rounding; weight gradients come out in the
/// channels-last layout of the weights (<see cref="ChannelsLast"/>).
/// </summary>
public static class StridedConvolution
{
    /// <summary>Off: every layer uses its module's own autograd (for benchmarks comparing the two).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>True when <paramref name="conv"/> applied to <paramref name="input"/> can take this path.</summary>
    public static bool Applies(Conv2d conv, Tensor input) =>
        Eligible(input, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, conv.kernel_size);

    /// <summary>True when <paramref name="conv"/> applied to <paramref name="input"/> can take this path.</summary>
    public static bool Applies(ConvTranspose2d conv, Tensor input) =>
        Eligible(input, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, conv.kernel_size)
        && conv.output_padding.All(p => p == 0);

    static bool Eligible(Tensor input, Tensor? weight, Tensor? bias, long[] stride, long[]? padding, long[] dilation, long groups, long[] kernel) =>
        Enabled && weight is not null && bias is null && is_grad_enabled() && weight.requires_grad
        && input.device_type == DeviceType.CPU && input.dim() == 4 && input.shape[2] % 2 == 0 && input.shape[3] % 2 == 0
        && stride.All(s => s == 2) && padding is not null && padding.All(p => p == 1) && dilation.All(d => d == 1) && groups == 1 && kernel.All(k => k == 4);

    /// <summary>conv2d(input, weight, stride 2, padding 1): [N, C, H, W] -> [N, O, H/2, W/2].</summary>
    public static Tensor Forward(Tensor input, Tensor weight) => Apply(() => Convolution.apply(input, weight));

    /// <summary>conv_transpose2d(input, weight, stride 2, padding 1): [N, C, H, W] -> [N, O, 2H, 2W].</summary>
    public static Tensor Transposed(Tensor input, Tensor weight) => Apply(() => TransposedConvolution.apply(input, weight));

    static Tensor Apply(Func<Tensor> function)
    {
        // TorchSharp's autograd node keeps a spare output-sized tensor per call (for gradients it would
        // have to make up as zeros, which never happens here): freed now instead of with the step.
        using var scope = NewDisposeScope();
        return function().MoveToOuterDisposeScope();
    }

    // The gradients the previous backward call handed to libtorch, which holds its own references to
    // them by now: freed when the next call starts, so that each is released as soon as libtorch is
    // done with it rather than at the end of the step (their dispose scope still frees the last ones).
    [ThreadStatic]
    static List<Tensor>? handedBack;

    static List<Tensor> HandBack(Tensor gradOutput, Tensor? inputGrad, Tensor weightGrad)
    {
        // libtorch made gradOutput's wrapper for this call only.
        gradOutput.Dispose();
        var gradients = new List<Tensor> { inputGrad?.MoveToOuterDisposeScope()!, weightGrad.MoveToOuterDisposeScope() };
        handedBack = gradients;
        return gradients;
    }

    static void ReleaseHandedBack()
    {
        if (handedBack is null)
            return;
        foreach (var gradient in handedBack)
            gradient?.Dispose();
        handedBack = null;
    }

    static readonly long[] Two = [2, 2];
    static readonly long[] One = [1, 1];

    /// <summary>
    /// Σ over images and window positions of each 4x4 window of <paramref name="source"/> (one every
    /// second pixel) times <paramref name="perWindow"/>'s values at that position: the weight gradient
    /// of both layer kinds, as [G, S, 4, 4].
    /// </summary>
    /// <param name="source">[N, S, H, W]: the tensor the windows are cut from (padded by 1 here).</param>
    /// <param name="perWindow">[N, G, H', W']: one value per window position (H' = H/2 for a convolution's input).</param>
    static Tensor WindowProduct(Tensor source, Tensor perWindow)
    {
        using var scope = NewDisposeScope();
        var (n, s) = (source.shape[0], source.shape[1]);
        var (rows, cols) = (perWindow.shape[2], perWindow.shape[3]);
        // N x (H+2) x (W+2) x S, contiguous: channels last, so a window row is one run of memory.
        var padded = nn.functional.pad(source, [1, 1, 1, 1]).permute(0, 2, 3, 1).contiguous();
        var (height, width) = (padded.shape[1], padded.shape[2]);
        var windows = padded.as_strided(
            [n, rows, cols, 4, 4, s],
            [height * width * s, 2 * width * s, 2 * s, width * s, s, 1]);
        var values = perWindow.permute(0, 2, 3, 1);                                       // N x H' x W' x G
        // The unfolded windows take 16x the source's memory: a few images at a time keep that near UnfoldedBytes.
        var imagesPerChunk = Math.Clamp(UnfoldedBytes / (rows * cols * 16 * s * source.element_size()), 1, n);
        Tensor? product = null;
        for (long first = 0; first < n; first += imagesPerChunk)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(imagesPerChunk, n - first);
            var unfolded = windows.narrow(0, first, count).reshape(count * rows * cols, 16 * s); // (n, y, x) x (ky, kx, s)
            var chunkValues = values.narrow(0, first, count).reshape(count * rows * cols, -1); // (n, y, x) x G
            if (product is null)
                product = chunkValues.t().mm(unfolded).MoveToOuterDisposeScope();           // G x (ky, kx, s)
            else
                product.addmm_(chunkValues.t(), unfolded);
        }
        return product!.view(-1, 4, 4, s).permute(0, 3, 1, 2).MoveToOuterDisposeScope();   // G x S x 4 x 4, channels last
    }

    const long UnfoldedBytes = 16L << 20;

    sealed class Convolution : autograd.SingleTensorFunction<Convolution>
    {
        public override string Name => "DcganStridedConvolution";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (input, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
            ctx.save_for_backward([input, weight]);
            ctx.save_data("input_grad", input.requires_grad);
            ctx.set_materialize_grads(false);
            return nn.functional.conv2d(input, weight, null, Two, One);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ReleaseHandedBack();
            using var scope = NewDisposeScope();
            var saved = ctx.get_saved_variables();
            var (input, weight) = (saved[0], saved[1]);
            var inputGrad = (bool)ctx.get_data("input_grad")
                ? nn.functional.conv_transpose2d(gradOutput, weight, null, Two, One)
                : null;
            // dW[o, c] = Σ gradOutput[n, o, y, x] · input window at (2y, 2x).
            return HandBack(gradOutput, inputGrad, WindowProduct(input, gradOutput));
        }
    }

    sealed class TransposedConvolution : autograd.SingleTensorFunction<TransposedConvolution>
    {
        public override string Name => "DcganStridedTransposedConvolution";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (input, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
            ctx.save_for_backward([input, weight]);
            ctx.save_data("input_grad", input.requires_grad);
            ctx.set_materialize_grads(false);
            return nn.functional.conv_transpose2d(input, weight, null, Two, One);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ReleaseHandedBack();
            using var scope = NewDisposeScope();
            var saved = ctx.get_saved_variables();
            var (input, weight) = (saved[0], saved[1]);
            var inputGrad = (bool)ctx.get_data("input_grad")
                ? nn.functional.conv2d(gradOutput, weight, null, Two, One)
                : null;
            // dW[c, o] = Σ input[n, c, y, x] · gradOutput window at (2y, 2x).
            return HandBack(gradOutput, inputGrad, WindowProduct(gradOutput, input));
        }
    }
}
