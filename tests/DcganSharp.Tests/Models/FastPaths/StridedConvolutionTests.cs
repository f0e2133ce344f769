using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models.FastPaths;

/// <summary>The stride-2 convolutions' own backward pass gives libtorch's gradients, and the networks train alike with it on or off.</summary>
[Collection(StridedConvolutionSwitch.Name)]
public sealed class StridedConvolutionTests
{
    static readonly long[] Two = [2, 2];
    static readonly long[] One = [1, 1];

    [Theory]
    [InlineData(3, 8, 16, true, true, true)]
    [InlineData(8, 16, 8, true, false, true)]
    [InlineData(16, 32, 4, false, true, true)]
    [InlineData(5, 7, 6, false, false, true)]
    [InlineData(1, 8, 32, true, false, true)]  // one image channel: the window product
    [InlineData(3, 8, 32, true, true, false)]  // the discriminator in the generator's step: input gradient only
    [InlineData(1, 6, 10, false, true, false)]
    public void A_convolution_s_gradients_are_libtorch_s(int inChannels, int outChannels, int size, bool channelsLast, bool inputNeedsGrad, bool weightNeedsGrad)
    {
        using var scope = NewDisposeScope();
        manual_seed(inChannels * 100 + size);
        var input = randn(4, inChannels, size, size);
        var weight = randn(outChannels, inChannels, 4, 4) * 0.1;
        var outputWeights = randn(4, outChannels, size / 2, size / 2);
        if (channelsLast)
            (input, weight) = (ChannelsLast.Of(input), ChannelsLast.Of(weight));

        AssertSameAsLibtorch(input, weight, inputNeedsGrad, weightNeedsGrad, outputWeights,
            (x, w) => nn.functional.conv2d(x, w, null, Two, One), StridedConvolution.Forward);
    }

    [Theory]
    [InlineData(8, 3, 16, true, true)]
    [InlineData(16, 8, 8, true, false)]
    [InlineData(32, 16, 4, false, true)]
    [InlineData(7, 5, 6, false, false)]
    [InlineData(16, 1, 16, true, true)]  // the generator's last layer for one channel
    [InlineData(6, 4, 5, false, true)]
    public void A_transposed_convolution_s_gradients_are_libtorch_s(int inChannels, int outChannels, int size, bool channelsLast, bool inputNeedsGrad)
    {
        using var scope = NewDisposeScope();
        manual_seed(inChannels * 100 + size);
        var input = randn(4, inChannels, size, size);
        var weight = randn(inChannels, outChannels, 4, 4) * 0.1;
        var outputWeights = randn(4, outChannels, size * 2, size * 2);
        if (channelsLast)
            (input, weight) = (ChannelsLast.Of(input), ChannelsLast.Of(weight));

        AssertSameAsLibtorch(input, weight, inputNeedsGrad, true, outputWeights,
            (x, w) => nn.functional.conv_transpose2d(x, w, null, Two, One), StridedConvolution.Transposed);
    }

    /// <summary>The path's output and gradients against libtorch's own layer on the same input and weight.</summary>
    static void AssertSameAsLibtorch(Tensor input, Tensor weight, bool inputNeedsGrad, bool weightNeedsGrad, Tensor outputWeights,
        Func<Tensor, Tensor, Tensor> libtorch, Func<Tensor, Tensor, Tensor> path)
    {
        var (expected, expectedInputGrad, expectedWeightGrad) = Run(input, weight, inputNeedsGrad, weightNeedsGrad, outputWeights, libtorch);
        var (actual, inputGrad, weightGrad) = Run(input, weight, inputNeedsGrad, weightNeedsGrad, outputWeights, path);

        TensorAssert.Close(expected, actual, 1e-5, "output");
        if (weightNeedsGrad)
            TensorAssert.Close(expectedWeightGrad!, weightGrad!, 1e-4, "weight gradient");
        else
            Assert.Null(weightGrad);
        if (inputNeedsGrad)
            TensorAssert.Close(expectedInputGrad!, inputGrad!, 1e-4, "input gradient");
        else
            Assert.Null(inputGrad);
    }

    /// <summary>The layer's output and the gradients of Σ output · outputWeights.</summary>
    static (Tensor Output, Tensor? InputGrad, Tensor? WeightGrad) Run(Tensor input, Tensor weight, bool inputNeedsGrad, bool weightNeedsGrad, Tensor outputWeights, Func<Tensor, Tensor, Tensor> layer)
    {
        var x = input.detach().clone().requires_grad_(inputNeedsGrad);
        var w = weight.detach().clone().requires_grad_(weightNeedsGrad);
        var output = layer(x, w);
        (output * outputWeights).sum().backward();
        return (output.detach(), x.grad?.clone(), w.grad?.clone());
    }

    [Fact]
    public void Only_grad_mode_CPU_stride_2_kernel_4_layers_without_bias_on_small_images_or_next_to_the_image_take_the_path()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(4, 8, 4, stride: 2, padding: 1, bias: false);
        using var biased = nn.Conv2d(4, 8, 4, stride: 2, padding: 1, bias: true);
        using var stride1 = nn.Conv2d(4, 8, 4, stride: 1, padding: 1, bias: false);
        using var transposed = nn.ConvTranspose2d(4, 8, 4, stride: 2, padding: 1, bias: false);
        using var stem = nn.ConvTranspose2d(4, 8, 4, stride: 1, padding: 0, bias: false);
        var even = randn(2, 4, 8, 8);
        Assert.True(StridedConvolution.Applies(conv, even));
        Assert.True(StridedConvolution.Applies(transposed, even));
        Assert.False(StridedConvolution.Applies(conv, randn(2, 4, 7, 7)));
        // Larger images keep oneDNN's weight gradients: more than 8x8 window positions.
        Assert.True(StridedConvolution.Applies(conv, randn(2, 4, 16, 16)));
        Assert.False(StridedConvolution.Applies(conv, randn(2, 4, 32, 32)));
        Assert.False(StridedConvolution.Applies(transposed, randn(2, 4, 16, 16)));
        Assert.False(StridedConvolution.Applies(biased, even));
        Assert.False(StridedConvolution.Applies(stride1, even));
        Assert.False(StridedConvolution.Applies(stem, even));
        using (no_grad())
            Assert.False(StridedConvolution.Applies(conv, even));
        conv.weight!.requires_grad_(false);
        Assert.False(StridedConvolution.Applies(conv, even));

        // Next to the image (1-4 channels), at any size: the generator's last layer...
        using var toImage = nn.ConvTranspose2d(8, 3, 4, stride: 2, padding: 1, bias: false);
        Assert.True(StridedConvolution.Applies(toImage, randn(2, 8, 32, 32)));
        // ...the discriminator's first layer when its input gradient is wanted (the generator's step)...
        using var fromImage = nn.Conv2d(3, 8, 4, stride: 2, padding: 1, bias: false);
        var image = randn(2, 3, 64, 64);
        Assert.False(StridedConvolution.Applies(fromImage, image)); // oneDNN's 3-channel weight gradient is the faster
        Assert.True(StridedConvolution.Applies(fromImage, image.requires_grad_(true)));
        fromImage.weight!.requires_grad_(false);
        Assert.True(StridedConvolution.Applies(fromImage, image));
        // ...and its weight gradient for a single channel.
        using var fromGray = nn.Conv2d(1, 8, 4, stride: 2, padding: 1, bias: false);
        Assert.True(StridedConvolution.Applies(fromGray, randn(2, 1, 64, 64)));
        using (no_grad())
            Assert.False(StridedConvolution.Applies(toImage, randn(2, 8, 32, 32)));
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(1, false)]
    [InlineData(3, true)] // the generator's step: the discriminator frozen, only input gradients through it
    public void The_networks_get_the_same_gradients_with_the_path_on_or_off(int channels, bool discriminatorFrozen)
    {
        var on = Gradients(enabled: true, channels, discriminatorFrozen);
        var off = Gradients(enabled: false, channels, discriminatorFrozen);
        Assert.Equal(off.Keys.Order(), on.Keys.Order());
        Assert.NotEmpty(off);
        foreach (var (name, gradient) in off)
            TensorAssert.Close(gradient, on[name], 1e-4, name);
    }

    static Dictionary<string, Tensor> Gradients(bool enabled, int channels, bool discriminatorFrozen)
    {
        var was = StridedConvolution.Enabled;
        try
        {
            StridedConvolution.Enabled = enabled;
            manual_seed(5);
            var architecture = new DcganArchitecture(32, channels, 16, 8, 8);
            using var g = WeightInit.Apply(new DcganGenerator(architecture));
            using var d = WeightInit.Apply(new DcganDiscriminator(architecture));
            ChannelsLast.Apply(g);
            ChannelsLast.Apply(d);
            if (discriminatorFrozen)
                foreach (var p in d.parameters())
                    p.requires_grad_(false);
            using var fake = g.forward(g.SampleLatent(6));
            using var scores = d.forward(fake);
            using var loss = scores.log().mean().neg();
            loss.backward();
            return g.named_parameters().Select(p => ($"G {p.name}", p.parameter))
                .Concat(d.named_parameters().Where(p => !discriminatorFrozen).Select(p => ($"D {p.name}", p.parameter)))
                .ToDictionary(p => p.Item1, p => p.parameter.grad!.clone());
        }
        finally
        {
            StridedConvolution.Enabled = was;
        }
    }
}

/// <summary>Tests that switch <see cref="StridedConvolution.Enabled"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StridedConvolutionSwitch
{
    public const string Name = "StridedConvolution switch";
}
