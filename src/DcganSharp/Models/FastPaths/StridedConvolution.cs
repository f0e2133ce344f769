using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Models.FastPaths;

/// <summary>
/// DCGAN's stride-2 4x4 convolutions (padding 1, no bias) for training on the CPU, where oneDNN's
/// kernels are slow for some of their shapes (the timings that chose each case are in
/// bench/speed/README.md):
/// <list type="bullet">
/// <item>The weight gradients of the small-image layers (at most 8x8 window positions: at 64x64 the
/// discriminator's 8x8 -> 4x4 and 16x16 -> 8x8 layers and the generator's 4x4 -> 8x8 and 8x8 -> 16x16
/// ones) as one matrix product over the unfolded windows: oneDNN's backward-weights kernel runs those
/// shapes below the product's rate, while it wins on larger images.</item>
/// <item>The layers next to the image, with its 1-4 channels, where oneDNN's kernels leave most
/// vector lanes idle: the generator's last layer and the discriminator's input gradient (in the
/// generator's step) as a <see cref="NarrowTransposedConvolution"/>, the generator's last weight
/// gradient as the window product, and so the discriminator's first one for a single channel, where
/// oneDNN's backward-weights kernel is slower still than for three.</item>
/// </list>
/// Everything else stays oneDNN's. Same values as the modules' own autograd up to float rounding;
/// weight gradients come out channels-last, like the weights (<see cref="ChannelsLast"/>).
/// </summary>
internal static class StridedConvolution
{
    /// <summary>Off: every layer uses its module's own autograd (for benchmarks comparing the two).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>True when <paramref name="conv"/> applied to <paramref name="input"/> can take this path.</summary>
    public static bool Applies(Conv2d conv, Tensor input)
    {
        if (!Eligible(input, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, conv.kernel_size))
            return false;
        var weight = conv.weight!; // [out, in, 4, 4]
        var smallImage = input.shape[2] / 2 * (input.shape[3] / 2) <= MaxWindowPositions;
        var singleChannel = weight.shape[1] == 1;
        var narrowInput = weight.shape[1] <= NarrowTransposedConvolution.MaxOutputChannels;
        return (weight.requires_grad && (smallImage || singleChannel))
            || (input.requires_grad && narrowInput);
    }

    /// <summary>True when <paramref name="conv"/> applied to <paramref name="input"/> can take this path.</summary>
    public static bool Applies(ConvTranspose2d conv, Tensor input)
    {
        if (!Eligible(input, conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, conv.kernel_size)
            || conv.output_padding.Any(p => p != 0))
            return false;
        var weight = conv.weight!; // [in, out, 4, 4]
        var smallImage = input.shape[2] * input.shape[3] <= MaxWindowPositions;
        return weight.requires_grad && (smallImage || NarrowTransposedConvolution.Suits(weight));
    }

    /// <summary>Window positions per image (the weight gradient's spatial size) up to which the matrix product is the faster.</summary>
    const long MaxWindowPositions = 64;

    static bool Eligible(Tensor input, Tensor? weight, Tensor? bias, long[] stride, long[]? padding, long[] dilation, long groups, long[] kernel) =>
        Enabled && weight is not null && bias is null && is_grad_enabled()
        && input.device_type == DeviceType.CPU && input.dim() == 4 && input.shape[2] % 2 == 0 && input.shape[3] % 2 == 0
        && stride.All(s => s == 2) && padding is not null && padding.All(p => p == 1) && dilation.All(d => d == 1) && groups == 1 && kernel.All(k => k == 4);

    /// <summary>
    /// <paramref name="layers"/> applied in order, as nn.Sequential does (each intermediate freed once
    /// the next layer has it), the stride-2 convolutions through this path where it applies.
    /// </summary>
    public static Tensor RunLayers(IReadOnlyList<nn.Module<Tensor, Tensor>> layers, Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var next = layer switch
            {
                Conv2d conv when Applies(conv, x) => Forward(x, conv.weight!),
                ConvTranspose2d conv when Applies(conv, x) => Transposed(x, conv.weight!),
                _ => layer.call(x),
            };
            if (!ReferenceEquals(x, input))
                x.Dispose();
            x = next;
        }
        return x;
    }

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

    static List<Tensor> HandBack(Tensor gradOutput, Tensor? inputGrad, Tensor? weightGrad)
    {
        // libtorch made gradOutput's wrapper for this call only.
        gradOutput.Dispose();
        var gradients = new List<Tensor> { inputGrad?.MoveToOuterDisposeScope()!, weightGrad?.MoveToOuterDisposeScope()! };
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

    /// <summary>conv_transpose2d(input, weight, stride 2, padding 1), as a matrix product where the weight's output side is an image's few channels.</summary>
    static Tensor ConvTranspose(Tensor input, Tensor weight) =>
        NarrowTransposedConvolution.Suits(weight)
            ? NarrowTransposedConvolution.Apply(input, weight)
            : nn.functional.conv_transpose2d(input, weight, null, Two, One);

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
        // The unfolded windows take 16x the source's memory: a few images at a time keep that near UnfoldedBytes.
        var imagesPerChunk = Math.Clamp(UnfoldedBytes / (rows * cols * 16 * s * source.element_size()), 1, n);
        Tensor? product = null;
        for (long first = 0; first < n; first += imagesPerChunk)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(imagesPerChunk, n - first);
            // count x (H+2) x (W+2) x S, contiguous: channels last, so a window row is one run of memory.
            var padded = nn.functional.pad(source.narrow(0, first, count), [1, 1, 1, 1]).permute(0, 2, 3, 1).contiguous();
            var (height, width) = (padded.shape[1], padded.shape[2]);
            var windows = padded.as_strided(
                [count, rows, cols, 4, 4, s],
                [height * width * s, 2 * width * s, 2 * s, width * s, s, 1]);
            var unfolded = windows.reshape(count * rows * cols, 16 * s);                                            // (n, y, x) x (ky, kx, s)
            var values = perWindow.narrow(0, first, count).permute(0, 2, 3, 1).reshape(count * rows * cols, -1);    // (n, y, x) x G
            if (product is null)
                product = values.t().mm(unfolded).MoveToOuterDisposeScope();                                         // G x (ky, kx, s)
            else
                product.addmm_(values.t(), unfolded);
        }
        return product!.view(-1, 4, 4, s).permute(0, 3, 1, 2).MoveToOuterDisposeScope();                             // G x S x 4 x 4, channels last
    }

    const long UnfoldedBytes = 32L << 20;

    /// <summary>
    /// The input and weight a backward pass needs. Kept here rather than as autograd saved variables,
    /// which TorchSharp's custom nodes keep until the whole graph is freed at the end of the step: these
    /// are freed as soon as the layer's backward pass has run (or with the step's dispose scope when it never runs).
    /// </summary>
    sealed class Saved : IDisposable
    {
        public Tensor Input { get; }

        public Tensor Weight { get; }

        public bool InputNeedsGrad { get; }

        public bool WeightNeedsGrad { get; }

        Saved(Tensor input, Tensor weight)
        {
            (Input, Weight) = (input.detach().MoveToOuterDisposeScope(), weight.detach().MoveToOuterDisposeScope());
            (InputNeedsGrad, WeightNeedsGrad) = (input.requires_grad, weight.requires_grad);
        }

        public static void Keep(autograd.AutogradContext ctx, Tensor input, Tensor weight)
        {
            ctx.save_data(nameof(Saved), new Saved(input, weight));
            ctx.set_materialize_grads(false);
        }

        public static Saved Take(autograd.AutogradContext ctx) => (Saved)ctx.get_data(nameof(Saved));

        public void Dispose()
        {
            Input.Dispose();
            Weight.Dispose();
        }
    }

    sealed class Convolution : autograd.SingleTensorFunction<Convolution>
    {
        public override string Name => "DcganStridedConvolution";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (input, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
            Saved.Keep(ctx, input, weight);
            return nn.functional.conv2d(input, weight, null, Two, One);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ReleaseHandedBack();
            using var scope = NewDisposeScope();
            using var saved = Saved.Take(ctx);
            var inputGrad = saved.InputNeedsGrad ? ConvTranspose(gradOutput, saved.Weight) : null;
            // dW[o, c] = Σ gradOutput[n, o, y, x] · input window at (2y, 2x).
            var weightGrad = saved.WeightNeedsGrad ? WindowProduct(saved.Input, gradOutput) : null;
            return HandBack(gradOutput, inputGrad, weightGrad);
        }
    }

    sealed class TransposedConvolution : autograd.SingleTensorFunction<TransposedConvolution>
    {
        public override string Name => "DcganStridedTransposedConvolution";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (input, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
            Saved.Keep(ctx, input, weight);
            return ConvTranspose(input, weight);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ReleaseHandedBack();
            using var scope = NewDisposeScope();
            using var saved = Saved.Take(ctx);
            var inputGrad = saved.InputNeedsGrad ? nn.functional.conv2d(gradOutput, saved.Weight, null, Two, One) : null;
            // dW[c, o] = Σ input[n, c, y, x] · gradOutput window at (2y, 2x).
            var weightGrad = saved.WeightNeedsGrad ? WindowProduct(gradOutput, saved.Input) : null;
            return HandBack(gradOutput, inputGrad, weightGrad);
        }
    }
}
