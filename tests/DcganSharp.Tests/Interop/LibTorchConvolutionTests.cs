using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

/// <summary>
/// libtorch's convolutions, in whatever form this process's kernel check left them (oneDNN at its
/// own instruction set, capped, or off), against their definitions at one and two threads.
/// </summary>
public sealed class LibTorchConvolutionTests
{
    [Theory]
    [InlineData(1, 4, 8, 8)]
    [InlineData(2, 4, 8, 8)]
    [InlineData(1, 64, 100, 512)] // the reference generator's first layer at 64x64
    [InlineData(2, 64, 100, 512)]
    public void The_generators_first_transposed_convolution_is_the_outer_product_it_is_defined_as(int threads, int batch, int nz, int channels)
    {
        using var scope = NewDisposeScope();
        using var restore = new TorchThreads(threads);
        manual_seed(5);
        // batch x nz x 1 x 1 -> batch x channels x 4 x 4: each output pixel is a dot product over nz.
        var latent = randn(batch, nz, 1, 1);
        var weight = randn(nz, channels, 4, 4);
        var expected = einsum("nc,coij->noij", latent.flatten(1), weight);
        var actual = nn.functional.conv_transpose2d(latent, weight);
        AssertMatches(actual, expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_stride_2_transposed_convolution_is_the_sum_of_its_scattered_kernels(int threads)
    {
        using var scope = NewDisposeScope();
        using var restore = new TorchThreads(threads);
        manual_seed(6);
        var input = randn(3, 6, 4, 4);
        var weight = randn(6, 5, 4, 4);
        // Each input pixel adds its kernel-weighted copy at twice its position; padding 1 crops one pixel each side.
        var full = zeros(3, 5, 10, 10);
        for (var h = 0; h < 4; h++)
            for (var w = 0; w < 4; w++)
                full[.., .., (2 * h)..(2 * h + 4), (2 * w)..(2 * w + 4)].add_(einsum("nc,coij->noij", input[.., .., h, w], weight));
        var expected = full[.., .., 1..9, 1..9];
        var actual = nn.functional.conv_transpose2d(input, weight, strides: [2, 2], padding: [1, 1]);
        AssertMatches(actual, expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_stride_2_convolution_is_the_dot_product_of_each_window(int threads)
    {
        using var scope = NewDisposeScope();
        using var restore = new TorchThreads(threads);
        manual_seed(7);
        var input = randn(3, 6, 8, 8);
        var weight = randn(5, 6, 4, 4);
        // 3 x (6*4*4) x 16 windows, times the flattened kernels: 3 x 5 x 16 -> 3 x 5 x 4 x 4.
        var windows = nn.functional.unfold(input, 4, stride: 2, padding: 1);
        var expected = weight.flatten(1).matmul(windows).view(3, 5, 4, 4);
        var actual = nn.functional.conv2d(input, weight, strides: [2, 2], padding: [1, 1]);
        AssertMatches(actual, expected);
    }

    [Fact]
    public void The_process_runs_the_kernels_its_verdict_names()
    {
        var verdict = OneDnnKernels.EnsureVerified();
        Assert.Equal(verdict.Level != KernelVerification.Plain, LibTorchSwitch.Mkldnn.Get());
        Assert.Equal(verdict.Level == KernelVerification.Native, Environment.GetEnvironmentVariable(OneDnnKernels.Variable) is null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_kernels_in_force_pass_the_whole_check(int threads)
    {
        var outcome = ConvolutionKernelCheck.Run(LibTorchConvolutions.Instance, threads);
        Assert.True(outcome.Exact, $"{outcome.WorstAt} off by {outcome.WorstError}");
    }

    static void AssertMatches(Tensor actual, Tensor expected) =>
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"off by {(actual - expected).abs().max().item<float>()}");
}
