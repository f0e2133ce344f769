using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models.FastPaths;

/// <summary>Channels-last tensors have channels-last strides, also where one channel makes the layout ambiguous.</summary>
public sealed class ChannelsLastTests
{
    [Fact]
    public void A_colour_batch_becomes_a_channels_last_copy_with_the_same_values()
    {
        using var scope = NewDisposeScope();
        var images = randn(2, 3, 5, 4);
        var layout = ChannelsLast.Of(images);
        Assert.Equal(new long[] { 60, 1, 12, 3 }, layout.stride());
        TensorAssert.Close(images, layout, 0, "values");
        layout.mul_(2);
        Assert.NotEqual(layout[0, 0, 0, 0].item<float>(), images[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void A_single_channel_tensor_gets_channels_last_strides_without_a_copy()
    {
        using var scope = NewDisposeScope();
        var images = randn(2, 1, 5, 4);
        var expected = images.clone();
        var layout = ChannelsLast.Of(images);
        Assert.Equal(new long[] { 20, 20, 4, 1 }, images.stride());
        Assert.Equal(new long[] { 20, 1, 4, 1 }, layout.stride());
        TensorAssert.Close(expected, layout, 0, "values");
        layout.mul_(2); // a view: the original changes with it
        TensorAssert.Close(expected * 2, images, 0, "the original after the view was doubled");
    }

    [Fact]
    public void An_already_channels_last_tensor_is_returned_as_a_view()
    {
        using var scope = NewDisposeScope();
        var first = ChannelsLast.Of(randn(2, 3, 4, 4));
        var again = ChannelsLast.Of(first);
        Assert.Equal(first.stride(), again.stride());
        again.add_(1);
        TensorAssert.Close(again, first, 0, "the same memory");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(28)]
    public void A_single_channel_discriminator_s_first_convolution_returns_channels_last(int imageSize)
    {
        // libtorch picks a convolution's output layout from its input's and weight's strides; with
        // NCHW-looking weights the layers after it converted layouts forwards and backwards.
        using var scope = NewDisposeScope();
        var architecture = new DcganArchitecture(imageSize, 1, 16, 8, 8);
        using var d = WeightInit.Apply(new DcganDiscriminator(architecture));
        ChannelsLast.Apply(d);
        var first = d.parameters().First(p => p.dim() == 4);
        Assert.Equal(new long[] { 16, 1, 4, 1 }, first.stride());

        var images = randn(3, 1, imageSize, imageSize); // as a loader or the generator gives them
        using var noGrad = no_grad();
        var output = nn.functional.conv2d(images, first, null, [2, 2], [1, 1]);
        var (channels, width) = (output.shape[1], output.shape[3]);
        Assert.Equal(1, output.stride(1));
        Assert.Equal(channels, output.stride(3));
        Assert.Equal(width * channels, output.stride(2));
    }
}
