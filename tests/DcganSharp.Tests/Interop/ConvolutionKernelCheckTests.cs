using DcganSharp.Interop;
using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

public sealed class ConvolutionKernelCheckTests
{
    static readonly IReadOnlyList<ConvolutionCase> Small = [.. ConvolutionCase.Of(new DcganArchitecture(16, 3, 8, 4, 4), batch: 4)];

    [Theory]
    [InlineData(64, 3, 100, 64, 64)]
    [InlineData(28, 1, 100, 64, 32)]
    [InlineData(96, 3, 16, 8, 4)]
    [InlineData(16, 1, 8, 4, 4)]
    public void The_cases_are_the_convolutions_of_the_real_networks(int size, int channels, int nz, int ngf, int ndf)
    {
        var architecture = new DcganArchitecture(size, channels, nz, ngf, ndf);
        using var generator = new DcganGenerator(architecture);
        using var discriminator = new DcganDiscriminator(architecture);
        var weights = generator.parameters().Concat(discriminator.parameters()).Where(p => p.dim() == 4).Select(p => string.Join("x", p.shape));
        var cases = ConvolutionCase.Of(architecture, batch: 2).ToList();
        Assert.Equal(weights, cases.Select(c => string.Join("x", c.Weight)));
        // Each case's input is what the layer before it returns.
        using var scope = NewDisposeScope();
        foreach (var (layer, next) in cases.Zip(cases.Skip(1)).Where(pair => pair.First.Transposed == pair.Second.Transposed))
        {
            var x = zeros(layer.Input);
            var output = layer.Transposed ? ConvolutionDefinitions.Instance.TransposedConvolution(x, zeros(layer.Weight), layer.Stride, layer.Padding)
                : ConvolutionDefinitions.Instance.Convolution(x, zeros(layer.Weight), layer.Stride, layer.Padding);
            Assert.Equal(next.Input, output.shape);
        }
        Assert.Equal([2, (long)channels, size, size], cases.Single(c => c.Layer.EndsWith($"G {size / 2}->{size}", StringComparison.Ordinal)).Input.Take(1)
            .Concat(cases.Single(c => c.Layer.EndsWith($"D {size}->{size / 2}", StringComparison.Ordinal)).Input.Skip(1)));
    }

    [Fact]
    public void A_kernel_off_by_a_little_at_two_threads_is_caught_there_only()
    {
        var faulty = new FaultyKernels(outputError: 1e-3, onlyAtThreads: 2);
        var atTwo = ConvolutionKernelCheck.Run(faulty, threads: 2, Small);
        Assert.False(atTwo.Exact);
        Assert.Contains("output", atTwo.WorstAt);
        Assert.Contains("2 threads", atTwo.WorstAt);
        Assert.InRange(atTwo.WorstError, 1e-4, 1e-2);
        Assert.True(ConvolutionKernelCheck.Run(faulty, threads: 1, Small).Exact);
    }

    [Fact]
    public void A_kernel_with_a_wrong_gradient_and_a_right_output_is_caught()
    {
        var outcome = ConvolutionKernelCheck.Run(new FaultyKernels(gradientError: 0.1), threads: 1, Small);
        Assert.False(outcome.Exact);
        Assert.Contains("input gradient", outcome.WorstAt);
    }

    [Fact]
    public void A_kernel_that_returns_nan_is_caught()
    {
        var outcome = ConvolutionKernelCheck.Run(new FaultyKernels(outputError: double.NaN), threads: 1, Small);
        Assert.False(outcome.Exact);
        Assert.True(double.IsNaN(outcome.WorstError));
    }

    [Fact]
    public void Checking_does_not_move_the_global_random_stream()
    {
        manual_seed(3);
        var expected = rand(4).data<float>().ToArray();
        manual_seed(3);
        ConvolutionKernelCheck.Run(LibTorchConvolutions.Instance, threads: 1, Small);
        Assert.Equal(expected, rand(4).data<float>().ToArray());
    }

    /// <summary>libtorch's kernels with a planted fault: outputs off by a fraction of their largest value, or input gradients off by a constant.</summary>
    sealed class FaultyKernels(double outputError = 0, double gradientError = 0, int? onlyAtThreads = null) : IConvolutionKernels
    {
        public Tensor Convolution(Tensor input, Tensor weight, long stride, long padding) =>
            Fault(input, LibTorchConvolutions.Instance.Convolution(input, weight, stride, padding));

        public Tensor TransposedConvolution(Tensor input, Tensor weight, long stride, long padding) =>
            Fault(input, LibTorchConvolutions.Instance.TransposedConvolution(input, weight, stride, padding));

        Tensor Fault(Tensor input, Tensor output)
        {
            if (onlyAtThreads is { } threads && get_num_threads() != threads)
                return output;
            if (outputError != 0)
            {
                // One element off: the kind of fault a wrong block of a tiled kernel makes.
                var bump = zeros_like(output);
                bump[0, 0, 0, 0] = output.detach().abs().max() * outputError;
                output = output + bump;
            }
            if (gradientError != 0)
            {
                // Adds nothing to the output, a constant to the input's gradient.
                var sum = input.sum() * gradientError;
                output = output + (sum - sum.detach());
            }
            return output;
        }
    }
}
