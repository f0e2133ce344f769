using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models.FastPaths;

public sealed class NarrowTransposedConvolutionTests
{
    [Theory]
    [InlineData(3, 32, 64, true, false)]  // the 64x64x3 generator's last layer
    [InlineData(1, 14, 16, true, false)]  // 28x28 MNIST's last layer
    [InlineData(4, 7, 8, false, true)]    // RGBA, a contiguous input, with a bias
    [InlineData(2, 4, 5, true, true)]
    [InlineData(1, 1, 3, false, false)]   // a single input pixel: only the shift-free taps land
    public void It_computes_what_libtorchs_transposed_convolution_does(int outputs, int size, int inputs, bool channelsLast, bool withBias)
    {
        manual_seed(outputs * 100 + size);
        using var weight = randn(inputs, outputs, 4, 4);
        using var bias = withBias ? randn(outputs) : null;
        using var plain = randn(3, inputs, size, size);
        using var input = channelsLast ? ChannelsLast.Of(plain) : plain.alias();
        using var expected = nn.functional.conv_transpose2d(input, weight, bias, new[] { 2L, 2L }, new[] { 1L, 1L });

        using var layer = new NarrowTransposedConvolution(weight, bias);
        using var actual = layer.Forward(input);

        Assert.Equal(new long[] { 3, outputs, 2 * size, 2 * size }, actual.shape);
        Assert.True(actual.is_contiguous());
        var error = (actual - expected).abs().max().item<float>();
        Assert.True(error < 1e-4f * Math.Max(1f, expected.abs().max().item<float>()), $"largest difference {error}");
    }

    [Fact]
    public void It_keeps_its_weights_past_the_callers_dispose_scope_and_ignores_later_changes()
    {
        manual_seed(3);
        using var weight = randn(8, 3, 4, 4);
        using var input = randn(2, 8, 5, 5);
        using var expected = nn.functional.conv_transpose2d(input, weight, null, new[] { 2L, 2L }, new[] { 1L, 1L });
        NarrowTransposedConvolution layer;
        using (var scope = NewDisposeScope())
            layer = new NarrowTransposedConvolution(weight, null);
        using (layer)
        {
            weight.mul_(2);
            using var actual = layer.Forward(input);
            Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));
        }
    }

    [Theory]
    [InlineData(64, 5, 4)] // too many output channels for the narrow path
    [InlineData(64, 3, 3)] // not a 4x4 kernel
    public void It_refuses_other_layers(int inputs, int outputs, int kernel)
    {
        using var weight = zeros(inputs, outputs, kernel, kernel);
        Assert.False(NarrowTransposedConvolution.Suits(weight));
        Assert.Throws<ArgumentException>(() => new NarrowTransposedConvolution(weight, null));
    }
}
