using DcganSharp.Models;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

/// <summary>What a recipe changes in one iteration (the reference's iteration is checked against PyTorch in ReferenceParityTests).</summary>
public sealed class GanTrainingStepTests
{
    /// <summary>Tiny seeded networks, a real batch and codes, for one step under <paramref name="recipe"/>.</summary>
    sealed class Setup(TrainingRecipe recipe) : IDisposable
    {
        public DcganGenerator Generator { get; } = TinyNetworks.Generator(seed: 3);

        public DcganDiscriminator Discriminator { get; } = WeightInit.Apply(new DcganDiscriminator(TinyNetworks.Small));

        public Tensor Real { get; } = rand(8, 3, 16, 16) * 2 - 1;

        public Tensor Latent { get; } = randn(8, TinyNetworks.Small.LatentSize, 1, 1);

        public GanTrainingStep Step => step ??= new GanTrainingStep(Generator, Discriminator, 0.0002, 0.5, recipe);

        GanTrainingStep? step;

        public void Dispose()
        {
            step?.Dispose();
            Generator.Dispose();
            Discriminator.Dispose();
            Real.Dispose();
            Latent.Dispose();
        }
    }

    [Fact]
    public void Label_smoothing_sets_the_target_of_real_images_only()
    {
        using var setup = new Setup(TrainingRecipe.Reference with { RealLabel = 0.9 });
        setup.Step.Run(setup.Real, setup.Latent, tensors =>
        {
            // BCE by hand: -(t log p + (1 - t) log(1 - p)), averaged.
            var p = tensors.DReal.detach().to(float64);
            var expectedReal = -(0.9 * p.log() + 0.1 * (1 - p).log()).mean().item<double>();
            Assert.Equal(expectedReal, tensors.LossDReal.item<float>(), 4);
            var g = tensors.DGenerated.detach().to(float64);
            Assert.Equal(-g.log().mean().item<double>(), tensors.LossG.item<float>(), 4); // G's target stays 1
        });
    }

    [Fact]
    public void The_discriminator_learns_at_its_own_rate()
    {
        using var setup = new Setup(TrainingRecipe.Quality with { DiscriminatorLearningRateScale = 2 });
        static double Rate(PackedAdam adam) => ((TorchSharp.Modules.Adam.Options)adam.Optimizer.state_dict().Options[0]).LearningRate!.Value;
        Assert.Equal(0.0004, Rate(setup.Step.DiscriminatorOptimizer), 12);
        Assert.Equal(0.0002, Rate(setup.Step.GeneratorOptimizer), 12);
    }

    [Fact]
    public void With_augmentation_both_networks_still_learn_and_the_same_seed_repeats_the_step()
    {
        float[] Once()
        {
            using var setup = new Setup(TrainingRecipe.Quality with { Augment = Augmentations.All });
            using var before = setup.Generator.parameters().First().detach().clone();
            manual_seed(77);
            var statistics = setup.Step.Run(setup.Real, setup.Latent);
            Assert.True(statistics.IsFinite);
            Assert.True((setup.Generator.parameters().First() - before).abs().max().item<float>() > 0, "G did not move");
            return setup.Generator.parameters().First().detach().contiguous().data<float>().ToArray();
        }
        Assert.Equal(Once(), Once());
    }
}
