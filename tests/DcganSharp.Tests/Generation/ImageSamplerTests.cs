using DcganSharp.Generation;
using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

public sealed class ImageSamplerTests
{
    [Fact]
    public void Batch_after_batch_from_one_sampler_gives_the_images_of_one_big_batch()
    {
        manual_seed(9);
        using var generator = WeightInit.Apply(new DcganGenerator(new DcganArchitecture(16, 1, LatentSize: 6, GeneratorFeatures: 4)));
        using var codes = randn(5, 6, 1, 1);
        using var sampler = new ImageSampler(generator, CPU);
        using var whole = sampler.Generate(codes);
        // The sampler folds the generator once and keeps it across calls and dispose scopes.
        for (var round = 0; round < 2; round++)
        {
            using var scope = NewDisposeScope();
            var inBatches = sampler.Generate(codes, batchSize: 2);
            Assert.True(inBatches.allclose(whole, rtol: 1e-5, atol: 1e-6), $"round {round}: batches of 2 differ from one batch of 5");
        }
        Assert.True(generator.training, "the sampler must leave the generator in the mode it found it");
    }
}
