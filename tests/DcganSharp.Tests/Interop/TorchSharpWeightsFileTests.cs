using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

public sealed class TorchSharpWeightsFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("torchsharp-weights-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Files_written_are_torchsharps_own_format_and_read_back_by_name()
    {
        using var generator = TinyNetworks.Generator();
        var path = Path.Combine(folder, "netG.dat");
        TorchSharpWeightsFile.Save(generator, path);

        // TorchSharp itself loads it...
        using var viaTorchSharp = new DcganGenerator(TinyNetworks.Small);
        viaTorchSharp.load(path);
        TensorAssert.StateDictsClose(generator.state_dict(), viaTorchSharp.state_dict(), 0, "Module.load");

        // ...and so does every weights reader here, told apart from .pth by content.
        Assert.Equal(WeightsFormat.TorchSharp, WeightsFormatDetector.Detect(path));
        var read = StateDictFile.Read(path);
        TensorAssert.StateDictsClose(generator.state_dict(), read, 0, "StateDictFile.Read");
        Assert.Equal(ScalarType.Int64, read["main.1.num_batches_tracked"].dtype);
    }

    [Fact]
    public void A_file_from_torchsharps_module_save_is_read()
    {
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(TinyNetworks.Small));
        var path = Path.Combine(folder, "netD.bin");
        discriminator.save(path);

        using var target = new DcganDiscriminator(TinyNetworks.Small);
        StateDictFile.Load(target, path, "--netD");
        TensorAssert.StateDictsClose(discriminator.state_dict(), target.state_dict(), 0, "loaded");
    }

    [Fact]
    public void A_truncated_native_file_is_rejected_in_one_line()
    {
        using var generator = TinyNetworks.Generator();
        var path = Path.Combine(folder, "cut.dat");
        TorchSharpWeightsFile.Save(generator, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var error = Assert.Throws<DcganException>(() => StateDictFile.Read(path, "--netG"));
        Assert.Contains("cut.dat", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
