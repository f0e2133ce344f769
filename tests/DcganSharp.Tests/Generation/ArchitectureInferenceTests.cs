using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

public sealed class ArchitectureInferenceTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("inference-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<int, int, int, int, int> Architectures => new()
    {
        // size, nc, nz, ngf, ndf
        { 16, 1, 8, 4, 6 },
        { 28, 1, 16, 8, 4 },
        { 32, 3, 20, 6, 2 },
        { 64, 3, 100, 8, 8 },
        { 64, 4, 5, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Generator_and_discriminator_shapes_give_back_the_architecture_they_were_built_with(int size, int nc, int nz, int ngf, int ndf)
    {
        var architecture = new DcganArchitecture(size, nc, nz, ngf, ndf);
        using var generator = new DcganGenerator(architecture);
        using var discriminator = new DcganDiscriminator(architecture);

        var g = ArchitectureInference.InferGenerator(generator.state_dict(), "G");
        var (role, d) = ArchitectureInference.Infer(discriminator.state_dict(), "D");

        Assert.Equal((size, nc, nz, ngf), (g.ImageSize, g.Channels, g.LatentSize, g.GeneratorFeatures));
        Assert.Equal(NetworkRole.Discriminator, role);
        Assert.Equal((size, nc, ndf), (d.ImageSize, d.Channels, d.DiscriminatorFeatures));
    }

    [Fact]
    public void The_loader_infers_the_reference_generator_from_a_pytorch_file()
    {
        using var loaded = GeneratorLoader.Default.Load(FixturePaths.Parity("reference64", "g_init.pth"));
        Assert.Equal(new DcganArchitecture(64, 3, 100, 8), loaded.Architecture with { DiscriminatorFeatures = 64 });
    }

    [Fact]
    public void A_folder_gives_its_latest_epoch_by_number()
    {
        TinyNetworks.SaveGenerator(folder, "netG_epoch_9.pth", seed: 9);
        var latest = TinyNetworks.SaveGenerator(folder, "netG_epoch_10.pth", seed: 10);
        File.WriteAllText(Path.Combine(folder, "netG_epoch_x.pth"), "not a checkpoint");

        using var loaded = GeneratorLoader.Default.Load(folder);

        Assert.Equal(latest, loaded.WeightsPath);
        var expected = StateDictFile.Read(latest);
        TensorAssert.StateDictsClose(expected, loaded.Generator.state_dict(), 0, "loaded");
    }

    [Fact]
    public void Overrides_that_contradict_the_weights_fail_naming_the_tensor()
    {
        var path = TinyNetworks.SaveGenerator(folder);
        var error = Assert.Throws<DcganException>(() => GeneratorLoader.Default.Load(path, new ArchitectureOverrides(GeneratorFeatures: 8)));
        Assert.Contains("main.0.weight", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Unusable_inputs_give_one_line_errors_naming_the_file()
    {
        using var discriminator = new DcganDiscriminator(TinyNetworks.Small);
        var netD = Path.Combine(folder, "netD_epoch_0.pth");
        StateDictFile.Save(discriminator, netD);
        var other = Path.Combine(folder, "other.pth");
        StateDictFile.Save(new Dictionary<string, Tensor> { ["fc.weight"] = zeros(3, 4) }, other);
        var oddKernel = Path.Combine(folder, "odd.pth");
        StateDictFile.Save(new Dictionary<string, Tensor>
        {
            ["main.0.weight"] = zeros(8, 16, 5, 5),
            ["main.1.running_mean"] = zeros(16),
            ["main.3.weight"] = zeros(16, 3, 4, 4),
        }, oddKernel);
        var garbage = Path.Combine(folder, "garbage.pth");
        File.WriteAllBytes(garbage, [7, 1, 2, 3]);
        var empty = Path.Combine(folder, "empty.pth");
        File.WriteAllBytes(empty, []);
        var noEpochs = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;

        foreach (var (path, words) in new[]
        {
            (netD, "discriminator"), (other, "main.0.weight"), (oddKernel, "5x5"), (garbage, "neither"),
            (empty, "empty"), (noEpochs, "netG_epoch_N.pth"), (Path.Combine(folder, "absent.pth"), "not found"),
        })
        {
            var error = Assert.Throws<DcganException>(() => GeneratorLoader.Default.Load(path));
            Assert.Contains(Path.GetFileName(path), error.Message);
            Assert.Contains(words, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
    }
}
