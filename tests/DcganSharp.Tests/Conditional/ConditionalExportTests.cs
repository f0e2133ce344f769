using System.Text.Json;
using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Conditional;

/// <summary>A conditional generator's ONNX export takes a label beside z and draws what TorchSharp draws for that class.</summary>
public sealed class ConditionalExportTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Onnx_runtime_draws_each_class_as_torchsharp_does()
    {
        var architecture = new DcganArchitecture(16, 1, LatentSize: 8, GeneratorFeatures: 4, Classes: 3);
        var weights = TinyNetworks.SaveLivelyGenerator(dir.Path, architecture with { Classes = 0 });
        // The same generator with a class embedding: its main from the lively weights, embed.weight drawn here.
        using (var conditional = new DcganGenerator(architecture))
        {
            var tensors = StateDictFile.Read(weights);
            manual_seed(11);
            tensors["embed.weight"] = randn(3, 8);
            StateDictFile.LoadInto(conditional, tensors, "test weights");
            StateDictFile.Save(conditional, weights);
        }
        ClassNamesFile.Write(dir.Path, ["circle", "square", "triangle"]);

        using var generator = Dcgan.LoadGenerator(weights);
        Assert.Equal(["circle", "square", "triangle"], generator.ClassNames);
        var model = dir.Combine("g.onnx");
        generator.ExportOnnx(model);

        using var session = new InferenceSession(model);
        Assert.Equal([-1], session.InputMetadata["label"].Dimensions);
        Assert.Equal("""["circle","square","triangle"]""", session.ModelMetadata.CustomMetadataMap["classes"]);
        using var z = randn(new long[] { 6, 8, 1, 1 }, generator: new TorchSharp.torch.Generator(5));
        var labels = new long[] { 0, 1, 2, 2, 1, 0 };
        using var codes = OrtValue.CreateTensorValueFromMemory(z.contiguous().data<float>().ToArray(), z.shape);
        using var classes = OrtValue.CreateTensorValueFromMemory(labels, [6]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["z", "label"], [codes, classes], ["images"]);
        using var actual = tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);

        using var loaded = DcganSharp.Generation.GeneratorLoader.Default.Load(weights);
        using var sampler = new DcganSharp.Generation.ImageSampler(loaded);
        using var expected = sampler.Generate(z, tensor(labels));
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-4f, $"ONNX Runtime differs from TorchSharp by {difference}");
        // Codes 2 and 3 differ, and so do their classes' images for one code: the label matters in the graph.
        using var sameCode = sampler.Generate(z.narrow(0, 0, 1).repeat(3, 1, 1, 1), tensor(new long[] { 0, 1, 2 }));
        Assert.True((sameCode[0] - sameCode[1]).abs().max().item<float>() > 1e-3f);
        _ = JsonDocument.Parse(session.ModelMetadata.CustomMetadataMap["classes"]);
    }
}
