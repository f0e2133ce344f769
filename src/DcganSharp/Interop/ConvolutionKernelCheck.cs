using System.Diagnostics;
using DcganSharp.Models;
using DcganSharp.Models.FastPaths;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>One convolution of a DCGAN: its layer's name, kind and shapes.</summary>
internal sealed record ConvolutionCase(string Layer, bool Transposed, long[] Input, long[] Weight, long Stride, long Padding)
{
    /// <summary>Every convolution of the generator and discriminator of <paramref name="architecture"/>, for a batch of <paramref name="batch"/>.</summary>
    public static IEnumerable<ConvolutionCase> Of(DcganArchitecture architecture, int batch)
    {
        var (stem, size) = ((long)architecture.StemSize, (long)architecture.ImageSize);
        var width = (long)architecture.GeneratorFeatures * architecture.StemMultiplier;
        var name = $"{size}x{size}x{architecture.Channels}";
        yield return new($"{name} G 1x1->{stem}x{stem}", true, [batch, architecture.LatentSize, 1, 1], [architecture.LatentSize, width, stem, stem], 1, 0);
        for (var side = stem; side < size; side *= 2, width /= 2)
        {
            var outputs = side * 2 == size ? architecture.Channels : width / 2;
            yield return new($"{name} G {side}->{side * 2}", true, [batch, width, side, side], [width, outputs, 4, 4], 2, 1);
        }
        var channels = (long)architecture.Channels;
        var features = (long)architecture.DiscriminatorFeatures;
        for (var side = size; side > stem; side /= 2, channels = features, features *= 2)
            yield return new($"{name} D {side}->{side / 2}", false, [batch, channels, side, side], [features, channels, 4, 4], 2, 1);
        yield return new($"{name} D {stem}->1", false, [batch, channels, stem, stem], [1, channels, stem, stem], 1, 0);
    }
}

/// <summary>What a check of a set of convolution kernels found.</summary>
/// <param name="Exact">Every output and gradient matched its definition.</param>
/// <param name="WorstError">The largest difference seen, relative to the largest value of the tensor it was in.</param>
/// <param name="WorstAt">Where that difference was (layer, tensor, layout).</param>
/// <param name="Seconds">Time the kernels took on the second pass over the layers (the first pass builds them).</param>
internal sealed record KernelCheckOutcome(bool Exact, double WorstError, string WorstAt, double Seconds);

/// <summary>
/// Checks convolution kernels against <see cref="ConvolutionDefinitions"/> on DCGAN's layers: the
/// generator's 1x1 stem layer, the stride-2 transposed and plain convolutions and the
/// discriminator's last layer, forward and both gradients, in both memory layouts training uses,
/// twice each (a kernel that reads memory it never wrote can be right once). The definitions run in
/// float64; the kernels in float32, so a correct kernel differs by float32 rounding only.
/// </summary>
internal static class ConvolutionKernelCheck
{
    /// <summary>
    /// Largest difference a correct kernel may show, relative to the largest value of its tensor:
    /// float32 rounding over sums of thousands of products stays well below it, while the faults
    /// this guards against are off by percents.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// The layers checked: the reference's 64x64 colour networks (and its generator's first layer
    /// at the reference's batch of 64, the layer where the faults were largest), and MNIST's 28x28
    /// grayscale ones (a 7x7 stem and one channel) at the quality recipe's narrower discriminator.
    /// </summary>
    public static IReadOnlyList<ConvolutionCase> DcganLayers { get; } =
    [
        .. ConvolutionCase.Of(new DcganArchitecture(64, 3), batch: 16),
        .. ConvolutionCase.Of(new DcganArchitecture(64, 3), batch: 64).Take(1),
        .. ConvolutionCase.Of(new DcganArchitecture(28, 1, DiscriminatorFeatures: 32), batch: 16),
    ];

    /// <summary>Runs <paramref name="kernels"/> on <paramref name="cases"/> at each of <paramref name="threadCounts"/> libtorch threads.</summary>
    public static IReadOnlyList<KernelCheckOutcome> Run(IConvolutionKernels kernels, IReadOnlyList<int> threadCounts, IReadOnlyList<ConvolutionCase>? cases = null)
    {
        using var grad = enable_grad();
        var worst = threadCounts.Select(_ => (Error: 0.0, At: "")).ToArray();
        var seconds = new double[threadCounts.Count];
        // Its own generator, so checking never moves the random stream a training run draws from.
        using var random = new Generator(20261207);
        var before = get_num_threads();
        try
        {
            foreach (var layer in cases ?? DcganLayers)
            {
                using var scope = NewDisposeScope();
                var input = randn(layer.Input, ScalarType.Float64, generator: random);
                var weight = randn(layer.Weight, ScalarType.Float64, generator: random);
                // The definitions once per layer, at the threads libtorch had: they do not depend on the count.
                set_num_threads(before);
                var expected = Apply(ConvolutionDefinitions.Instance, layer, input, weight, upstream: null, random);
                for (var t = 0; t < threadCounts.Count; t++)
                {
                    set_num_threads(threadCounts[t]);
                    foreach (var channelsLast in new[] { false, true })
                    {
                        for (var pass = 0; pass < 2; pass++)
                        {
                            using var passScope = NewDisposeScope();
                            var clock = Stopwatch.StartNew();
                            var actual = Apply(kernels, layer, Layout(input.to(ScalarType.Float32), channelsLast), Layout(weight.to(ScalarType.Float32), channelsLast),
                                Layout(expected.Upstream.to(ScalarType.Float32), channelsLast), random);
                            if (pass == 1)
                                seconds[t] += clock.Elapsed.TotalSeconds;
                            var where = $"({(channelsLast ? "channels-last" : "contiguous")}, {threadCounts[t]} thread{(threadCounts[t] == 1 ? "" : "s")})";
                            foreach (var (what, a, e) in new[] { ("output", actual.Output, expected.Output), ("input gradient", actual.InputGradient, expected.InputGradient), ("weight gradient", actual.WeightGradient, expected.WeightGradient) })
                            {
                                var error = RelativeError(a, e);
                                // NaN counts as the worst, and stays so.
                                if (!double.IsNaN(worst[t].Error) && !(error <= worst[t].Error))
                                    worst[t] = (error, $"{layer.Layer} {what} {where}");
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            set_num_threads(before);
        }
        return [.. worst.Select((w, t) => new KernelCheckOutcome(w.Error <= Tolerance, w.Error, w.At, seconds[t]))];
    }

    /// <summary>As <see cref="Run(IConvolutionKernels, IReadOnlyList{int}, IReadOnlyList{ConvolutionCase})"/> at one thread count.</summary>
    public static KernelCheckOutcome Run(IConvolutionKernels kernels, int threads, IReadOnlyList<ConvolutionCase>? cases = null) =>
        Run(kernels, [threads], cases)[0];

    sealed record Results(Tensor Output, Tensor InputGradient, Tensor WeightGradient, Tensor Upstream);

    // The layer's output, and its gradients for a random upstream gradient (drawn here when null).
    static Results Apply(IConvolutionKernels kernels, ConvolutionCase layer, Tensor input, Tensor weight, Tensor? upstream, Generator random)
    {
        var x = input.detach().requires_grad_();
        var w = weight.detach().requires_grad_();
        var output = layer.Transposed ? kernels.TransposedConvolution(x, w, layer.Stride, layer.Padding) : kernels.Convolution(x, w, layer.Stride, layer.Padding);
        upstream ??= randn(output.shape, output.dtype, generator: random);
        output.backward([upstream]);
        return new Results(output.detach(), x.grad!, w.grad!, upstream);
    }

    static Tensor Layout(Tensor tensor, bool channelsLast) => channelsLast ? ChannelsLast.Of(tensor) : tensor.contiguous();

    static double RelativeError(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var scale = expected.abs().max().item<double>();
        var difference = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        return scale > 0 ? difference / scale : difference;
    }
}
