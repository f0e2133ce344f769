using DcganSharp.Models;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

public sealed class GeneratorAverageTests
{
    static readonly TrainingRecipe NoRampUp = TrainingRecipe.Quality with { EmaHalfLifeImages = 64, EmaRampUp = 0 };

    [Fact]
    public void Decay_is_half_after_one_half_life_and_ramps_up_with_the_images_seen()
    {
        // 0.5^(batch / half-life): a batch of 64 against a half-life of 64 images keeps half.
        Assert.Equal(0.5, GeneratorAverage.Decay(imagesSeen: 1_000_000, batch: 64, halfLifeImages: 64, rampUp: 0), 12);
        Assert.Equal(Math.Pow(0.5, 64.0 / 10_000), GeneratorAverage.Decay(1_000_000, 64, 10_000, 0.05), 12);
        // Ramp-up: after 6,400 images the half-life is at most 5% of them, 320 images.
        Assert.Equal(Math.Pow(0.5, 64.0 / 320), GeneratorAverage.Decay(6_400, 64, 10_000, 0.05), 12);
        Assert.Equal(0, GeneratorAverage.Decay(0, 64, 10_000, 0.05));
        Assert.Equal(0, GeneratorAverage.Decay(1000, 64, 0, 0));
    }

    [Fact]
    public void An_update_moves_each_weight_to_the_hand_computed_average()
    {
        using var live = TinyNetworks.Generator(seed: 1);
        using var average = new GeneratorAverage(live, NoRampUp, CPU);
        var before = average.Average.parameters().Select(p => p.detach().clone()).ToList();

        // New weights for the live generator, then one update with decay 0.5 (one half-life).
        using var other = TinyNetworks.Generator(seed: 2);
        using (no_grad())
        {
            foreach (var (target, source) in live.parameters().Zip(other.parameters()))
                target.copy_(source);
        }
        average.Update(live, imagesSeen: 6400, batch: 64);

        foreach (var ((after, old), now) in average.Average.parameters().Zip(before).Zip(live.parameters()))
        {
            // average' = 0.5 * average + 0.5 * weights, element by element.
            var expected = old.data<float>().ToArray().Zip(now.detach().data<float>().ToArray(), (a, w) => 0.5f * a + 0.5f * w).ToArray();
            var actual = after.data<float>().ToArray();
            for (var i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], actual[i], 1e-6f);
        }
        foreach (var p in before)
            p.Dispose();
    }

    [Fact]
    public void The_average_starts_as_a_copy_takes_no_gradients_and_leaves_the_random_stream_alone()
    {
        using var live = TinyNetworks.Generator(seed: 1);
        manual_seed(42);
        using var expectedNext = rand(4);
        manual_seed(42);
        using var average = new GeneratorAverage(live, NoRampUp, CPU);
        using var next = rand(4);
        Assert.Equal(expectedNext.data<float>().ToArray(), next.data<float>().ToArray());

        foreach (var (a, p) in average.Average.parameters().Zip(live.parameters()))
        {
            Assert.False(a.requires_grad);
            TensorAssert.Close(p, a, 0, "copied weight");
        }
    }

    [Fact]
    public void Measured_statistics_are_those_of_the_averaged_weights_on_fresh_codes_and_repeat_for_a_seed()
    {
        using var live = TinyNetworks.Generator(seed: 1);
        using var average = new GeneratorAverage(live, NoRampUp, CPU);
        var norm = average.Average.Norms[0];

        average.MeasureStatistics(seed: 7);
        var mean = norm.running_mean!.data<float>().ToArray();
        var variance = norm.running_var!.data<float>().ToArray();
        // The stem's output statistics: measure them by hand on the same 256 codes.
        using var codes = new torch.Generator(7, CPU);
        using var latent = average.Average.SampleLatent(256, CPU, codes);
        using var stem = average.Average.Convolutions[0].forward(latent);
        using var expectedMean = stem.mean([0, 2, 3]);
        using var expectedVar = stem.var([0, 2, 3], unbiased: true);
        TensorAssert.Close(expectedMean, tensor(mean), 1e-5, "running mean");
        TensorAssert.Close(expectedVar, tensor(variance), 1e-4, "running var");
        Assert.False(average.Average.training);
        Assert.Equal(0.1, norm.momentum);

        average.MeasureStatistics(seed: 7);
        Assert.Equal(mean, norm.running_mean!.data<float>().ToArray());
    }
}
