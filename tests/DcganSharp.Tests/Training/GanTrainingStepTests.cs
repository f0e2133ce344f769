using DcganSharp.Models;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using TorchSharp;
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

        public GanTrainingStep Step => step ??= new GanTrainingStep(Generator, Discriminator, 0.0002, 0.5, 0.999, recipe);

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

    [Fact]
    public void The_R1_penalty_adds_the_gradient_of_the_squared_real_gradient_norm_on_every_fourth_step()
    {
        const double gamma = 0.5;
        Tensor FirstLayerGradient(TrainingRecipe recipe, long stepCount)
        {
            using var setup = new Setup(recipe);
            setup.Step.DiscriminatorOptimizer.StepCount = stepCount;
            setup.Step.Run(setup.Real, setup.Latent);
            return setup.Discriminator.parameters().First().grad!.detach().to(float64).contiguous();
        }
        using var plain = FirstLayerGradient(TrainingRecipe.Reference, 0);
        using var penalized = FirstLayerGradient(TrainingRecipe.Reference with { R1Gamma = gamma }, 0);
        using var skipped = FirstLayerGradient(TrainingRecipe.Reference with { R1Gamma = gamma }, 1);
        Assert.Equal(plain.data<double>().ToArray(), skipped.data<double>().ToArray()); // not a penalty step

        // The penalty by central differences on the weights, its input gradient by first-order
        // autograd in float64: independent of the step's double backward pass.
        using var reference = new Setup(TrainingRecipe.Reference);
        var discriminator = reference.Discriminator.to(float64);
        using var real = reference.Real.to(float64);
        double Penalty()
        {
            using var scope = NewDisposeScope();
            var input = real.detach().requires_grad_(true);
            var gradient = autograd.grad([discriminator.Logits(input).sum()], [input])[0];
            return gradient.square().sum([1, 2, 3]).mean().item<double>() * gamma / 2 * GanTrainingStep.R1Interval;
        }
        var weight = discriminator.parameters().First();
        using var added = (penalized - plain).reshape(weight.shape);
        const double h = 1e-5;
        foreach (var (o, i, y, x) in new[] { (0L, 0L, 0L, 0L), (1L, 2L, 1L, 3L), (3L, 1L, 2L, 2L) })
        {
            using (no_grad()) weight[o, i, y, x].add_(h);
            var up = Penalty();
            using (no_grad()) weight[o, i, y, x].sub_(2 * h);
            var down = Penalty();
            using (no_grad()) weight[o, i, y, x].add_(h);
            var expected = (up - down) / (2 * h);
            var actual = added[o, i, y, x].item<double>();
            Assert.True(Math.Abs(expected) > 1e-4, $"weight [{o},{i},{y},{x}]: the penalty hardly depends on it ({expected})");
            Assert.True(Math.Abs(actual - expected) <= 0.02 * Math.Abs(expected) + 1e-5, $"weight [{o},{i},{y},{x}]: step added {actual}, the penalty's derivative is {expected}");
        }
    }
}
