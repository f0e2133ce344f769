using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

/// <summary>
/// Generators saved by real PyTorch (1.13) in the ways its users save them
/// (Fixtures/torch-save/make_torch_save_fixtures.py): each loads and draws the images PyTorch drew.
/// </summary>
public sealed class TorchSaveReaderTests
{
    static string Fixture(string name) => Path.Combine(FixturePaths.Root, "torch-save", name);

    [Theory]
    [InlineData("state_dict.pth")]
    [InlineData("legacy.pth")]
    [InlineData("whole_model.pth")]
    [InlineData("legacy_whole_model.pth")]
    [InlineData("channels_last.pth")]
    [InlineData("shared_storage.pth")]
    [InlineData("checkpoint.pth")]
    public void A_generator_saved_any_of_these_ways_draws_the_images_pytorch_drew(string file)
    {
        using var scope = NewDisposeScope();
        var expected = StateDictFile.Read(Fixture("expected.pth"));
        using var loaded = GeneratorLoader.Default.Load(Fixture(file));
        Assert.Equal((16, 1, 8, 4), (loaded.Generator.Architecture.ImageSize, loaded.Generator.Architecture.Channels,
            loaded.Generator.Architecture.LatentSize, loaded.Generator.Architecture.GeneratorFeatures));
        using var sampler = new ImageSampler(loaded);
        var images = sampler.Generate(expected["noise"]);
        TensorAssert.Close(expected["images"], images, 1e-5, file);
    }

    [Theory]
    [InlineData("legacy.pth")]
    [InlineData("whole_model.pth")]
    [InlineData("channels_last.pth")]
    [InlineData("shared_storage.pth")]
    public void Every_tensor_equals_the_plain_state_dict_s(string file)
    {
        using var scope = NewDisposeScope();
        var plain = StateDictFile.Read(Fixture("state_dict.pth"));
        var other = StateDictFile.Read(Fixture(file));
        TensorAssert.StateDictsClose(plain, other, 0, file);
        Assert.All(other.Values, t => Assert.True(t.is_contiguous(), file));
    }

    [Fact]
    public void A_training_checkpoint_gives_the_network_asked_for()
    {
        using var scope = NewDisposeScope();
        var generator = StateDictFile.Read(Fixture("checkpoint.pth"), "--netG", NetworkRole.Generator);
        var discriminator = StateDictFile.Read(Fixture("checkpoint.pth"), "--netD", NetworkRole.Discriminator);
        Assert.Equal([1, 8, 4, 4], discriminator["main.5.weight"].shape);
        Assert.Equal([8, 8, 4, 4], generator["main.0.weight"].shape);
        TensorAssert.StateDictsClose(StateDictFile.Read(Fixture("state_dict.pth")), generator, 0, "netG");
    }

    [Fact]
    public void Several_unnamed_networks_are_an_error_naming_them()
    {
        var error = Assert.Throws<DcganException>(() => StateDictFile.Read(Fixture("unnamed_pair.pth"), "generator", NetworkRole.Generator));
        Assert.Contains("unnamed_pair.pth", error.Message);
        Assert.Contains("'first', 'second'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_truncated_legacy_file_is_a_one_line_error_naming_it()
    {
        var error = Assert.Throws<DcganException>(() => GeneratorLoader.Default.Load(Fixture("legacy_truncated.pth")));
        Assert.Contains("legacy_truncated.pth", error.Message);
        Assert.Contains("torch.save(net.state_dict(), path)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
