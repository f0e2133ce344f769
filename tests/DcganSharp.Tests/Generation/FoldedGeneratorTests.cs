using DcganSharp.Generation;
using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

public sealed class FoldedGeneratorTests
{
    [Theory]
    [InlineData(28, 1, 8)] // 7x7 stem
    [InlineData(32, 3, 8)]
    public void It_keeps_the_weights_it_was_built_from_and_a_new_one_sees_changes(int size, int channels, int features)
    {
        manual_seed(5);
        using var generator = WeightInit.Apply(new DcganGenerator(new DcganArchitecture(size, channels, LatentSize: 10, GeneratorFeatures: features)));
        generator.eval();
        using var codes = randn(4, 10, 1, 1);
        using var folded = new FoldedGenerator(generator);
        using var before = folded.Forward(codes);
        using (var noGrad = no_grad())
        {
            using var expected = generator.forward(codes);
            Assert.True(expected.allclose(before, rtol: 1e-4, atol: 1e-5), "folded output differs from the eval-mode forward pass");
            foreach (var p in generator.parameters())
                p.mul_(0.5);
        }

        using var again = folded.Forward(codes);
        Assert.True(again.equal(before).all().item<bool>(), "a built FoldedGenerator must not follow later weight changes");
        using var rebuilt = new FoldedGenerator(generator);
        using var after = rebuilt.Forward(codes);
        Assert.False(after.allclose(before, rtol: 1e-3, atol: 1e-4), "a new FoldedGenerator must see the changed weights");
        Assert.Equal(new long[] { 4, channels, size, size }, after.shape);
        Assert.True(after.is_contiguous());
    }

    [Theory]
    [InlineData(8)] // only the last block is narrow (the image's 3 channels)
    [InlineData(1)] // every block is narrow, and carries its BatchNorm's bias
    public void It_matches_the_eval_mode_forward_pass_with_trained_batchnorm_statistics(int features)
    {
        manual_seed(9);
        using var generator = WeightInit.Apply(new DcganGenerator(new DcganArchitecture(32, 3, LatentSize: 10, GeneratorFeatures: features)));
        using (var noGrad = no_grad())
        {
            // Weights, statistics and affine terms as training leaves them: images well away from
            // zero and every folded bias non-zero.
            foreach (var conv in generator.Convolutions)
                conv.weight!.mul_(20);
            foreach (var norm in generator.Norms)
            {
                norm.running_mean!.copy_(randn_like(norm.running_mean!) * 0.5);
                norm.running_var!.copy_(rand_like(norm.running_var!) + 0.5);
                norm.bias!.copy_(randn_like(norm.bias!) * 0.5);
            }
        }
        generator.eval();
        using var codes = randn(6, 10, 1, 1);
        using var folded = new FoldedGenerator(generator);
        using var actual = folded.Forward(codes);
        using var noGrad2 = no_grad();
        using var expected = generator.forward(codes);
        Assert.True(expected.abs().max().item<float>() > 0.1f, "the check needs images that are not all zero");
        // Folding reorders float32 sums over weights scaled by 20: a few 1e-5 apart (which oneDNN
        // kernels run changes the last bits); a folding mistake is off by 0.1 or more.
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 5e-5), $"largest difference {(expected - actual).abs().max().item<float>()}");
    }
}
