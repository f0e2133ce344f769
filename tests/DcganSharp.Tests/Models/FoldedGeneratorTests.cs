using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models;

public sealed class FoldedGeneratorTests
{
    [Theory]
    [InlineData(28, 1)] // 7x7 stem
    [InlineData(32, 3)]
    public void It_keeps_the_weights_it_was_built_from_and_a_new_one_sees_changes(int size, int channels)
    {
        manual_seed(5);
        using var generator = WeightInit.Apply(new DcganGenerator(new DcganArchitecture(size, channels, LatentSize: 10, GeneratorFeatures: 8)));
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
}
