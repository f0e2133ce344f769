using DcganSharp.Interop;
using DcganSharp.Models.FastPaths;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

public sealed class StateDictFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("statedict-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly DcganArchitecture Small = new(16, 1, 8, 4, 4);

    [Fact]
    public void Saved_weights_load_back_identically()
    {
        manual_seed(5);
        using var source = WeightInit.Apply(new DcganGenerator(Small));
        var path = Path.Combine(folder, "g.pth");
        StateDictFile.Save(source, path);

        using var target = new DcganGenerator(Small);
        StateDictFile.Load(target, path);
        TensorAssert.StateDictsClose(source.state_dict(), target.state_dict(), 0, "reloaded");
    }

    [Theory]
    [InlineData("PyTorch")]
    [InlineData("TorchSharp")]
    public void Channels_last_weights_are_written_in_the_logical_order(string formatName)
    {
        var format = Enum.Parse<WeightsFormat>(formatName);
        manual_seed(6);
        using var source = WeightInit.Apply(new DcganDiscriminator(Small with { Channels = 3 }));
        var expected = source.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        ChannelsLast.Apply(source);
        Assert.Contains(source.parameters(), p => !p.is_contiguous());
        var path = Path.Combine(folder, $"cl-{format}.pth");
        StateDictFile.Save(source, path, format);

        var read = StateDictFile.Read(path);
        TensorAssert.StateDictsClose(expected, read, 0, "written from channels-last");
        Assert.All(read.Values, t => Assert.True(t.is_contiguous()));
    }

    [Fact]
    public void Weights_of_another_architecture_are_rejected_naming_the_tensor_and_both_shapes()
    {
        using var wide = new DcganGenerator(Small with { GeneratorFeatures = 8 });
        var path = Path.Combine(folder, "wide.pth");
        StateDictFile.Save(wide, path);

        using var target = new DcganGenerator(Small);
        var error = Assert.Throws<DcganException>(() => StateDictFile.Load(target, path, "--netG"));
        Assert.Contains("wide.pth", error.Message);
        Assert.Contains("main.0.weight is 8x16x4x4 in the file but 8x8x4x4 here", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Data_parallel_prefixes_are_removed_and_missing_batch_counters_tolerated()
    {
        manual_seed(9);
        using var source = WeightInit.Apply(new DcganDiscriminator(Small));
        var wrapped = source.state_dict()
            .Where(p => !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(p => "module." + p.Key, p => p.Value);
        var path = Path.Combine(folder, "dp.pth");
        StateDictFile.Save(wrapped, path);

        using var target = new DcganDiscriminator(Small);
        StateDictFile.Load(target, path);
        TensorAssert.Close(source.state_dict()["main.0.weight"], target.state_dict()["main.0.weight"], 0, "weights");
    }

    [Fact]
    public void Missing_garbage_and_folder_paths_give_one_line_errors_naming_the_file()
    {
        using var target = new DcganGenerator(Small);
        var garbage = Path.Combine(folder, "garbage.pth");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var truncated = Path.Combine(folder, "truncated.pth");
        StateDictFile.Save(target, truncated);
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        foreach (var path in new[] { Path.Combine(folder, "absent.pth"), garbage, truncated, folder })
        {
            var error = Assert.Throws<DcganException>(() => StateDictFile.Load(target, path, "--netG"));
            Assert.Contains(Path.GetFileName(path), error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
    }
}
