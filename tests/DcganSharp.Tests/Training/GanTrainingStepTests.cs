using DcganSharp.Models;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

/// <summary>What a recipe changes in one iteration (the reference's iteration is checked against PyTorch in ReferenceParityTests).</summary>
public sealed class GanTrainingStepTests
{
    static (DcganGenerator, DcganDiscriminator, Tensor Real, Tensor Latent) Setup()
    {
        var generator = TinyNetworks.Generator(seed: 3);
        var discriminator = WeightInit.Apply(new DcganDiscriminator(TinyNetworks.Small));
        var real = rand(8, 3, 16, 16) * 2 - 1;
        var latent = generator.SampleLatent(8);
        return (generator, discriminator, real, latent);
    }

    [Fact]
    public void Label_smoothing_sets_the_target_of_real_images_only()
    {
        var (generator, discriminator, real, latent) = Setup();
        using (generator)
        using (discriminator)
        using (real)
        using (latent)
        using (var step = new GanTrainingStep(generator, discriminator, 0.0002, 0.5, TrainingRecipe.Reference with { RealLabel = 0.9 }))
        {
            step.Run(real, latent, tensors =>
            {
                // BCE by hand: -(t log p + (1 - t) log(1 - p)), averaged.
                var p = tensors.DReal.detach().to(float64);
                var expectedReal = -(0.9 * p.log() + 0.1 * (1 - p).log()).mean().item<double>();
                Assert.Equal(expectedReal, tensors.LossDReal.item<float>(), 4);
                var g = tensors.DGenerated.detach().to(float64);
                Assert.Equal(-g.log().mean().item<double>(), tensors.LossG.item<float>(), 4); // G's target stays 1
            });
        }
    }

    [Fact]
    public void The_discriminator_learns_at_its_own_rate()
    {
        var (generator, discriminator, real, latent) = Setup();
        using (generator)
        using (discriminator)
        using (real)
        using (latent)
        using (var step = new GanTrainingStep(generator, discriminator, 0.0002, 0.5, TrainingRecipe.Quality with { DiscriminatorLearningRateScale = 2 }))
        {
            static double Rate(PackedAdam adam) => ((TorchSharp.Modules.Adam.Options)adam.Optimizer.state_dict().Options[0]).LearningRate!.Value;
            Assert.Equal(0.0004, Rate(step.DiscriminatorOptimizer), 12);
            Assert.Equal(0.0002, Rate(step.GeneratorOptimizer), 12);
        }
    }

    [Fact]
    public void With_augmentation_both_networks_still_learn_and_the_same_seed_repeats_the_step()
    {
        float[] Once()
        {
            var (generator, discriminator, real, latent) = Setup();
            using (generator)
            using (discriminator)
            using (real)
            using (latent)
            using (var step = new GanTrainingStep(generator, discriminator, 0.0002, 0.5, TrainingRecipe.Quality with { Augment = Augmentations.All }))
            {
                using var before = generator.parameters().First().detach().clone();
                manual_seed(77);
                var statistics = step.Run(real, latent);
                Assert.True(statistics.IsFinite);
                Assert.True((generator.parameters().First() - before).abs().max().item<float>() > 0, "G did not move");
                return generator.parameters().First().detach().contiguous().data<float>().ToArray();
            }
        }
        Assert.Equal(Once(), Once());
    }
}
