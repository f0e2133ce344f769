using System.Text.Json;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Export;

/// <summary>
/// Exported generators run in ONNX Runtime (Microsoft.ML.OnnxRuntime) and draw what TorchSharp draws
/// for the same codes, at every image size the tool trains and both channel counts, and ONNX's own
/// checker (python3-onnx) accepts them.
/// </summary>
public sealed class OnnxExportTests : IDisposable
{
    const float Tolerance = 1e-4f;

    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    public static TheoryData<int, int> SizesAndChannels()
    {
        var data = new TheoryData<int, int>();
        foreach (var size in DcganArchitecture.SupportedSizeList)
        {
            data.Add(size, 1);
            data.Add(size, 3);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndChannels))]
    public void Onnx_runtime_draws_what_torchsharp_draws_at_every_size(int size, int channels)
    {
        var architecture = new DcganArchitecture(size, channels, LatentSize: 8, GeneratorFeatures: size >= 128 ? 2 : 4);
        using var generator = Dcgan.LoadGenerator(SaveLivelyGenerator(architecture));
        var model = dir.Combine($"g{size}x{channels}.onnx");
        generator.ExportOnnx(model);

        using var session = new InferenceSession(model);
        Assert.Equal([-1, 8, 1, 1], session.InputMetadata["z"].Dimensions);
        Assert.Equal([-1, channels, size, size], session.OutputMetadata["images"].Dimensions);
        foreach (var batch in new[] { 1, 16 })
        {
            using var scope = NewDisposeScope();
            var z = randn(new long[] { batch, 8, 1, 1 }, generator: new torch.Generator((ulong)(size * 10 + batch)));
            var expected = generator.Generate(z);
            var actual = Run(session, z);
            Assert.Equal(expected.shape, actual.shape);
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= Tolerance, $"{size}x{size}x{channels}, batch {batch}: ONNX Runtime differs from TorchSharp by {difference}");
            // The comparison means something only if the images do: a near-constant output would match anything.
            if (batch > 1)
                Assert.True(expected.std().item<float>() > 0.05f, $"{size}x{size}x{channels}: the test generator's images are nearly flat (std {expected.std().item<float>()})");
        }
    }

    [SkippableFact]
    public void Onnx_checker_accepts_the_models_and_reads_their_metadata()
    {
        PythonOnnx.SkipIfMissing();
        (int Size, int Channels)[] shapes = [(16, 1), (28, 3), (96, 1), (256, 3)];
        var models = new List<string>();
        foreach (var (size, channels) in shapes)
        {
            using var generator = Dcgan.LoadGenerator(SaveLivelyGenerator(new DcganArchitecture(size, channels, 8, 2), $"netG_{size}.pth"));
            models.Add(dir.Combine($"g{size}.onnx"));
            generator.ExportOnnx(models[^1]);
        }

        var reports = PythonOnnx.Check(models);

        for (var i = 0; i < models.Count; i++)
        {
            using var report = JsonDocument.Parse(reports[i]);
            var root = report.RootElement;
            Assert.Equal(8, root.GetProperty("ir").GetInt32());
            Assert.Equal(17, root.GetProperty("opset")[0].GetInt32());
            var metadata = root.GetProperty("metadata");
            Assert.Equal("8", metadata.GetProperty("nz").GetString());
            Assert.Equal(shapes[i].Size.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata.GetProperty("image_size").GetString());
            Assert.Equal(shapes[i].Channels.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata.GetProperty("channels").GetString());
            Assert.Equal("2", metadata.GetProperty("ngf").GetString());
        }
    }

    [Fact]
    public void A_pytorch_examples_generator_exports_as_it_samples()
    {
        // Written by PyTorch 1.13 (Fixtures/parity), the reference's own 64x64 layout.
        using var generator = Dcgan.LoadGenerator(FixturePaths.Parity("reference64", "g_step2.pth"));
        var model = dir.Combine("reference.onnx");
        generator.ExportOnnx(model);

        using var session = new InferenceSession(model);
        using var expected = generator.Sample(16, seed: 3);
        using var stream = new DcganSharp.Generation.LatentCodes(generator.LatentSize, 3);
        using var z = stream.Next(16);
        using var actual = Run(session, z);
        Assert.True((expected - actual).abs().max().item<float>() <= Tolerance);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("g_step2.pth", metadata["source"]);
        Assert.Equal("64", metadata["image_size"]);
        Assert.False(metadata.ContainsKey("recipe"), "a plain .pth does not say its recipe");
    }

    /// <summary>Runs the model on <paramref name="z"/> and returns its images as a tensor.</summary>
    internal static Tensor Run(InferenceSession session, Tensor z)
    {
        var codes = z.to(float32).contiguous().data<float>().ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(codes, z.shape);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["z"], [input], ["images"]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        return tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), shape);
    }

    string SaveLivelyGenerator(DcganArchitecture architecture, string name = "netG.pth") =>
        TinyNetworks.SaveLivelyGenerator(dir.Path, architecture, name);
}
