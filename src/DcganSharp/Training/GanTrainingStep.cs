using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Training;

/// <summary>
/// One DCGAN training iteration with the semantics of pytorch/examples/dcgan/main.py:
/// (1) D: BCE on the real batch (label 1), then on G(z).detach() (label 0), gradients summed,
/// one Adam step; (2) G: BCE of D(G(z)) against label 1, reusing the same fake batch, one Adam
/// step. Every tensor the step creates is disposed before it returns. A <see cref="TrainingRecipe"/>
/// may change four things around that: D's learning rate, the real images' target label,
/// differentiable augmentation of everything D sees (<see cref="DiffAugment"/>; G's loss is then
/// taken through a freshly augmented copy of its images), and an R1 penalty on D's gradient at
/// the real images, added to D's gradients before its Adam step.
/// </summary>
internal sealed class GanTrainingStep : IDisposable
{
    const float RealLabel = 1f;
    const float FakeLabel = 0f;

    /// <summary>
    /// The R1 penalty is taken every this many steps, weighted this many times over (lazy
    /// regularisation, Karras et al. 2020): the same pull on D for a quarter of its extra passes.
    /// </summary>
    public const int R1Interval = 4;

    readonly DcganGenerator generator;
    readonly DcganDiscriminator discriminator;
    readonly TrainingRecipe recipe;
    // Held for the step's lifetime: TorchSharp frees an implicitly converted Scalar on the
    // finalizer thread, which may be while libtorch still reads it.
    readonly Scalar realLabel, fakeLabel, generatedLabel, one, r1Weight;

    public PackedAdam GeneratorOptimizer { get; }
    public PackedAdam DiscriminatorOptimizer { get; }

    /// <summary>The step a run's options describe, trained with <paramref name="recipe"/> (its options' recipe, or the one rollbacks left).</summary>
    /// <param name="options">With the recipe's defaults applied (<see cref="TrainingRecipe.WithDefaults"/>).</param>
    public static GanTrainingStep For(DcganGenerator generator, DcganDiscriminator discriminator, DcganOptions options, TrainingRecipe recipe) =>
        new(generator, discriminator, options.LearningRate!.Value, options.Beta1, options.Beta2, recipe);

    /// <param name="beta1">Adam's beta1 (<see cref="DcganOptions.Beta1"/>).</param>
    /// <param name="beta2">Adam's beta2 (<see cref="DcganOptions.Beta2"/>).</param>
    /// <param name="recipe">Null: <see cref="TrainingRecipe.Reference"/>.</param>
    public GanTrainingStep(DcganGenerator generator, DcganDiscriminator discriminator, double learningRate, double beta1, double beta2, TrainingRecipe? recipe = null)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        this.recipe = recipe ?? TrainingRecipe.Reference;
        realLabel = this.recipe.RealLabel.ToScalar();
        fakeLabel = FakeLabel.ToScalar();
        generatedLabel = RealLabel.ToScalar();
        one = 1.ToScalar();
        r1Weight = (this.recipe.R1Gamma / 2 * R1Interval).ToScalar();
        DiscriminatorOptimizer = new PackedAdam(discriminator.parameters(), learningRate * this.recipe.DiscriminatorLearningRateScale, beta1, beta2);
        GeneratorOptimizer = new PackedAdam(generator.parameters(), learningRate, beta1, beta2);
    }

    /// <summary>Runs one iteration on a real batch and the latent codes for the fake batch.</summary>
    /// <param name="inspect">Optional: sees the iteration's intermediate tensors before they are disposed (tests).</param>
    public StepStatistics Run(Tensor real, Tensor latent, Action<StepTensors>? inspect = null) => Run(real, latent, null, null, inspect);

    /// <summary>
    /// Runs one iteration of a class-conditional pair: the real images are of classes
    /// <paramref name="realClasses"/>, the fake ones are drawn in classes <paramref name="fakeClasses"/>,
    /// and D judges each image with its class (unconditional networks ignore both; null for them).
    /// </summary>
    public StepStatistics Run(Tensor real, Tensor latent, Tensor? realClasses, Tensor? fakeClasses, Action<StepTensors>? inspect = null)
    {
        using var scope = NewDisposeScope();
        var batch = real.shape[0];
        var augment = recipe.Augment;
        var realLabels = full(batch, realLabel, dtype: real.dtype, device: real.device);
        var fakeLabels = full(batch, fakeLabel, dtype: real.dtype, device: real.device);
        var generatedLabels = full(batch, generatedLabel, dtype: real.dtype, device: real.device);

        // (1) Update D: maximize log(D(x)) + log(1 - D(G(z)))
        discriminator.zero_grad();
        var dReal = discriminator.forward(DiffAugment.Apply(real, augment), realClasses);
        var lossDReal = F.binary_cross_entropy(dReal, realLabels);
        lossDReal.backward();

        var fake = generator.forward(latent, fakeClasses);
        var dFake = discriminator.forward(DiffAugment.Apply(fake.detach(), augment), fakeClasses);
        var lossDFake = F.binary_cross_entropy(dFake, fakeLabels);
        lossDFake.backward();
        var lossD = lossDReal.add(lossDFake, one);
        if (recipe.R1Gamma > 0 && DiscriminatorOptimizer.StepCount % R1Interval == 0)
            PenalizeRealGradient(DiffAugment.Apply(real, augment), realClasses);
        DiscriminatorOptimizer.Step();

        // (2) Update G: maximize log(D(G(z))), the fake labels counting as real.
        // D's weight gradients from this pass are never used (D's next step zeroes them first),
        // so D's parameters are frozen for it: the same G update for about a sixth less work.
        generator.zero_grad();
        SetRequiresGrad(discriminator, false);
        Tensor dGenerated, lossG;
        try
        {
            dGenerated = discriminator.forward(DiffAugment.Apply(fake, augment), fakeClasses);
            lossG = F.binary_cross_entropy(dGenerated, generatedLabels);
            lossG.backward();
        }
        finally
        {
            SetRequiresGrad(discriminator, true);
        }
        GeneratorOptimizer.Step();

        inspect?.Invoke(new StepTensors(fake, dReal, dFake, dGenerated, lossDReal, lossDFake, lossD, lossG));

        // One device-to-host copy for all five numbers, instead of five synchronising .item() calls.
        using var noGrad = no_grad();
        var numbers = stack(new[] { lossD, lossG, dReal.mean(), dFake.mean(), dGenerated.mean() }).cpu().data<float>().ToArray();
        return new StepStatistics(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
    }

    /// <summary>
    /// Adds the gradient of the R1 penalty, weight · mean over images of ‖∇ logit D(x)‖², to D's
    /// gradients: a second backward pass through the gradient of D's logits at the real images.
    /// </summary>
    void PenalizeRealGradient(Tensor real, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var input = real.detach().requires_grad_(true);
        var logits = discriminator.Logits(input, labels);
        var gradient = autograd.grad([logits.sum()], [input], retain_graph: true, create_graph: true)[0];
        var penalty = gradient.square().sum([1, 2, 3]).mean().mul(r1Weight);
        penalty.backward();
    }

    static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var parameter in module.parameters())
            parameter.requires_grad = value;
    }

    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
        foreach (var scalar in new[] { realLabel, fakeLabel, generatedLabel, one, r1Weight })
            scalar.Dispose();
    }
}

/// <summary>The intermediate tensors of one iteration, valid only inside the inspect callback.</summary>
internal sealed record StepTensors(Tensor Fake, Tensor DReal, Tensor DFake, Tensor DGenerated, Tensor LossDReal, Tensor LossDFake, Tensor LossD, Tensor LossG);
