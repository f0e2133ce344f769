using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

/// <summary>
/// `dcgan sample`'s library path against real PyTorch 1.13
/// (Fixtures/generation/make_generation_fixtures.py).
/// </summary>
public sealed class SamplingParityTests
{
    [Theory]
    [InlineData("reference64", false)]
    [InlineData("reference64", true)]
    [InlineData("mnist28", false)]
    [InlineData("mnist28", true)]
    public void Samples_from_a_pytorch_generator_match_pytorch_in_eval_and_train_mode(string name, bool trainMode)
    {
        var expected = StateDictFile.Read(Path.Combine(FixturePaths.Root, "generation", $"{name}_samples.pth"));
        using var loaded = GeneratorLoader.Default.Load(FixturePaths.Parity(name, "g_step2.pth"));
        using var sampler = new ImageSampler(loaded, batchStatistics: trainMode);

        using var images = sampler.Generate(expected["noise"]);

        TensorAssert.Close(expected[trainMode ? "train" : "eval"], images, 1e-5, $"{name} G(z) in {(trainMode ? "train" : "eval")} mode");
    }

    [Theory]
    [InlineData(5L, 16)]
    [InlineData(4294967301L, 8)]
    public void Latent_codes_of_a_seed_are_pytorchs_randn_after_manual_seed(long seed, int nz)
    {
        var expected = StateDictFile.Read(Path.Combine(FixturePaths.Root, "generation", "latent_codes.pth"))[$"seed{seed}_nz{nz}"];
        using var codes = new LatentCodes(nz, seed);
        using var first = codes.Next(64);
        TensorAssert.Close(expected, first, 0, "codes");
    }

    [Fact]
    public void A_code_depends_only_on_the_seed_and_its_index()
    {
        using var all = new LatentCodes(8, 3).Next(150);
        using var pieces = new LatentCodes(8, 3);
        using var a = pieces.Next(10);
        using var b = pieces.Next(70);
        using var c = pieces.Next(70);
        using var joined = cat(new[] { a, b, c }, 0);
        TensorAssert.Close(all, joined, 0, "codes drawn in pieces");

        using var picked = LatentCodes.At(8, 3, [149, 0, 64]);
        using var expected = all.index_select(0, tensor(new long[] { 149, 0, 64 }));
        TensorAssert.Close(expected, picked, 0, "codes by index");
    }
}
