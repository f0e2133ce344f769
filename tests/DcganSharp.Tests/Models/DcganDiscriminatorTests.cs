using DcganSharp.Models;
using DcganSharp.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Tests.Models;

/// <summary>D's logits path, which the R1 penalty differentiates twice.</summary>
public sealed class DcganDiscriminatorTests
{
    [Fact]
    public void Its_logits_are_the_probabilities_before_the_sigmoid()
    {
        manual_seed(5);
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(TinyNetworks.Small));
        using var images = rand(6, 3, 16, 16) * 2 - 1;

        using var probabilities = discriminator.forward(images);
        using var logits = discriminator.Logits(images);

        Assert.Equal([6L], logits.shape);
        Assert.True(logits.sigmoid().allclose(probabilities, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_gradient_of_its_input_gradient_is_right_even_when_memory_is_reused()
    {
        manual_seed(5);
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(TinyNetworks.Small));
        using var images = rand(15, 3, 16, 16) * 2 - 1;

        // Leave NaN in memory the allocator hands out again: libtorch's own convolution read
        // such memory into this gradient (NaN in D's weights after the first R1 step).
        using (no_grad())
        {
            foreach (var size in Enumerable.Range(0, 50).Select(i => 1000L + i * 37))
                full([size], float.NaN).Dispose();
        }
        using var scope = NewDisposeScope();
        var input = images.detach().requires_grad_(true);
        var inputGradient = autograd.grad([discriminator.Logits(input).sum()], [input], retain_graph: true, create_graph: true)[0];
        var actual = autograd.grad([inputGradient.square().sum()], discriminator.parameters().ToArray());

        // The same network written out in float64, where libtorch computes convolutions without oneDNN.
        var weights = discriminator.parameters().Select(p => p.detach().to(float64).contiguous().requires_grad_(true)).ToArray();
        var (w0, w1, normWeight, normBias, w2) = (weights[0], weights[1], weights[2], weights[3], weights[4]);
        var x64 = images.to(float64).requires_grad_(true);
        var h = F.leaky_relu(F.conv2d(x64, w0, null, [2, 2], [1, 1]), 0.2);                                          // 4 x 8 x 8
        h = F.leaky_relu(F.batch_norm(F.conv2d(h, w1, null, [2, 2], [1, 1]), null, null, normWeight, normBias, training: true), 0.2); // 8 x 4 x 4
        var logits64 = F.conv2d(h, w2).view(-1);                                                                   // 1 x 1 x 1
        var inputGradient64 = autograd.grad([logits64.sum()], [x64], retain_graph: true, create_graph: true)[0];
        var expected = autograd.grad([inputGradient64.square().sum()], weights);

        for (var i = 0; i < weights.Length; i++)
        {
            var got = actual[i].to(float64);
            Assert.True(got.isfinite().all().item<bool>(), $"parameter {i}: not finite");
            var error = (got - expected[i]).abs().max().item<double>();
            var scale = expected[i].abs().max().item<double>();
            Assert.True(error <= 1e-3 * scale + 1e-7, $"parameter {i}: off by {error} (largest {scale})");
        }
    }
}
