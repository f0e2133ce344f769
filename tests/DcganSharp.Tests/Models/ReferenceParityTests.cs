using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Runs;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models;

/// <summary>
/// Compares the C# networks and training step with fixtures produced by real PyTorch 1.13
/// (Fixtures/parity/make_parity_fixtures.py builds the networks the way pytorch/examples does).
/// </summary>
public sealed class ReferenceParityTests
{
    // name, image size, channels, nz, ngf, ndf, seed: must match CASES in make_parity_fixtures.py
    public static TheoryData<string, int, int, int, int, int, int> Cases => new()
    {
        { "reference64", 64, 3, 100, 8, 8, 7 },
        { "mnist28", 28, 1, 16, 8, 8, 11 },
        { "small16", 16, 1, 8, 4, 4, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Seeded_initialisation_draws_the_same_weights_as_pytorch(string name, int size, int nc, int nz, int ngf, int ndf, int seed)
    {
        var architecture = new DcganArchitecture(size, nc, nz, ngf, ndf);
        manual_seed(seed);
        using var generator = WeightInit.Apply(new DcganGenerator(architecture));
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));

        AssertMatchesFile(generator, name, "g_init.pth", 1e-7);
        AssertMatchesFile(discriminator, name, "d_init.pth", 1e-7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_passes_match_pytorch(string name, int size, int nc, int nz, int ngf, int ndf, int seed)
    {
        _ = seed;
        var (generator, discriminator) = LoadInitialNetworks(name, new DcganArchitecture(size, nc, nz, ngf, ndf));
        using (generator)
        using (discriminator)
        {
            var expected = StateDictFile.Read(FixturePaths.Parity(name, "tensors.pth"));
            using var noGrad = no_grad();
            using var fake = generator.forward(expected["noise1"]);
            using var scores = discriminator.forward(expected["real1"]);
            TensorAssert.Close(expected["g_forward"], fake, 1e-5, "G(z)");
            TensorAssert.Close(expected["d_forward"], scores, 1e-5, "D(x)");
            Assert.Equal(new long[] { expected["real1"].shape[0] }, scores.shape);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_training_iterations_match_pytorch(string name, int size, int nc, int nz, int ngf, int ndf, int seed)
    {
        _ = seed;
        TwoIterationsMatchPytorch(name, new DcganArchitecture(size, nc, nz, ngf, ndf), channelsLast: false);
    }

    // dcgan train keeps the networks in the channels-last layout on the CPU: the same numbers.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_training_iterations_in_the_channels_last_layout_match_pytorch(string name, int size, int nc, int nz, int ngf, int ndf, int seed)
    {
        _ = seed;
        TwoIterationsMatchPytorch(name, new DcganArchitecture(size, nc, nz, ngf, ndf), channelsLast: true);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_folded_inference_pass_matches_the_eval_mode_forward_pass(string name, int size, int nc, int nz, int ngf, int ndf, int seed)
    {
        using var generator = new DcganGenerator(new DcganArchitecture(size, nc, nz, ngf, ndf));
        // Weights after two PyTorch steps: BatchNorm's running statistics are no longer 0 and 1.
        StateDictFile.Load(generator, FixturePaths.Parity(name, "g_step2.pth"));
        generator.eval();
        manual_seed(seed);
        using var codes = randn(16, nz, 1, 1);
        using var noGrad = no_grad();
        using var expected = generator.forward(codes);
        using var foldedGenerator = new FoldedGenerator(generator);
        using var folded = foldedGenerator.Forward(codes);
        Assert.True(folded.is_contiguous());
        TensorAssert.Close(expected, folded, 1e-5, "folded G(z)");
    }

    static void TwoIterationsMatchPytorch(string name, DcganArchitecture architecture, bool channelsLast)
    {
        var (generator, discriminator) = LoadInitialNetworks(name, architecture);
        if (channelsLast)
        {
            ChannelsLast.Apply(generator);
            ChannelsLast.Apply(discriminator);
            Assert.False(generator.parameters().First(p => p.dim() == 4).is_contiguous());
        }
        // What `dcgan train --recipe reference` trains with.
        var recipe = TrainingRecipe.Resolve(TrainingRecipe.WithDefaults(new DcganOptions { Recipe = RecipeName.Reference }));
        Assert.Equal(TrainingRecipe.Reference, recipe);
        using (generator)
        using (discriminator)
        using (var step = new GanTrainingStep(generator, discriminator, learningRate: 0.0002, beta1: 0.5, beta2: 0.999, recipe))
        {
            var expected = StateDictFile.Read(FixturePaths.Parity(name, "tensors.pth"));
            for (var i = 1; i <= 2; i++)
            {
                var statistics = step.Run(expected[$"real{i}"], expected[$"noise{i}"], tensors =>
                {
                    TensorAssert.Close(expected[$"fake{i}"], tensors.Fake, 1e-5, $"iteration {i} G(z)");
                    TensorAssert.Close(expected[$"d_real{i}"], tensors.DReal, 1e-5, $"iteration {i} D(x)");
                    TensorAssert.Close(expected[$"d_fake{i}"], tensors.DFake, 1e-5, $"iteration {i} D(G(z)) before D step");
                    TensorAssert.Close(expected[$"d_gen{i}"], tensors.DGenerated, 1e-4, $"iteration {i} D(G(z)) after D step");
                    TensorAssert.Close(expected[$"loss_d_real{i}"], tensors.LossDReal, 1e-5, $"iteration {i} errD_real");
                    TensorAssert.Close(expected[$"loss_d_fake{i}"], tensors.LossDFake, 1e-5, $"iteration {i} errD_fake");
                });
                Assert.Equal(expected[$"loss_d{i}"].item<float>(), statistics.LossD, 1e-4);
                Assert.Equal(expected[$"loss_g{i}"].item<float>(), statistics.LossG, 1e-4);
                Assert.Equal(expected[$"d_x{i}"].item<float>(), statistics.DReal, 1e-5);
                Assert.Equal(expected[$"d_g_z1{i}"].item<float>(), statistics.DFakeBeforeUpdate, 1e-5);
                Assert.Equal(expected[$"d_g_z2{i}"].item<float>(), statistics.DFakeAfterUpdate, 1e-4);

                AssertMatchesFile(generator, name, $"g_step{i}.pth", 1e-4);
                AssertMatchesFile(discriminator, name, $"d_step{i}.pth", 1e-4);
            }
        }
    }

    [Fact]
    public void Full_size_reference_networks_have_the_published_parameter_counts()
    {
        var architecture = new DcganArchitecture(64, 3);
        using var generator = new DcganGenerator(architecture);
        using var discriminator = new DcganDiscriminator(architecture);
        Assert.Equal(3_576_704, generator.parameters().Sum(p => p.numel()));
        Assert.Equal(2_765_568, discriminator.parameters().Sum(p => p.numel()));
    }

    static (DcganGenerator, DcganDiscriminator) LoadInitialNetworks(string name, DcganArchitecture architecture)
    {
        var generator = new DcganGenerator(architecture);
        var discriminator = new DcganDiscriminator(architecture);
        StateDictFile.Load(generator, FixturePaths.Parity(name, "g_init.pth"));
        StateDictFile.Load(discriminator, FixturePaths.Parity(name, "d_init.pth"));
        return (generator, discriminator);
    }

    static void AssertMatchesFile(nn.Module module, string name, string file, double tolerance)
    {
        var expected = StateDictFile.Read(FixturePaths.Parity(name, file));
        TensorAssert.StateDictsClose(expected, module.state_dict(), tolerance, $"{name}/{file}");
    }
}
