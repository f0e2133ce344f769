using System.Globalization;
using System.Reflection;
using DcganSharp.Generation;
using DcganSharp.IO;
using DcganSharp.Models;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace DcganSharp.Export;

/// <summary>
/// A DCGAN generator as an ONNX model, for ONNX Runtime and anything else that reads ONNX: input
/// <c>z</c> float32 [N, nz, 1, 1] (N dynamic), output <c>images</c> float32 [N, C, H, W] in [-1, 1].
/// Eval mode, with each BatchNorm folded into the transposed convolution before it as sampling
/// does (<see cref="FoldedGenerator"/>), so the graph is ConvTranspose, Relu, ..., ConvTranspose,
/// Tanh. IR version 8 with opset 17: what ONNX 1.12 (Debian 12's checker) knows, and every
/// ONNX Runtime since 1.13, onnxruntime-web included, runs. A class-conditional generator has a
/// second input, <c>label</c> int64 [N] (class numbers, named in the metadata's <c>classes</c>):
/// its embedding is gathered by label and multiplies z before the first layer, as in
/// <see cref="DcganGenerator.Condition"/>.
/// </summary>
internal static class GeneratorOnnxModel
{
    public const long IrVersion = 8;
    public const long Opset = 17;
    public const string InputName = "z";
    public const string LabelName = "label";
    public const string OutputName = "images";
    public const string ProducerName = "dcgan-sharp";

    /// <summary>The model for <paramref name="generator"/>'s current weights, with what is known of them as metadata_props.</summary>
    public static ModelProto Build(DcganGenerator generator, GeneratorProvenance provenance)
    {
        var a = generator.Architecture;
        var graph = new OnnxGraphBuilder("dcgan_generator");
        var x = graph.AddInput(InputName, TensorProto.Types.DataType.Float, [null, a.LatentSize, 1, 1], doc: "latent codes, standard normal");
        if (generator.ClassEmbedding is { } embedding)
        {
            var label = graph.AddInput(LabelName, TensorProto.Types.DataType.Int64, [null], doc: $"class numbers, 0 to {a.Classes - 1}");
            // Stored as [classes, nz, 1, 1], so gathering rows by label gives [N, nz, 1, 1] to multiply z with, with no reshape.
            using var scope = NewDisposeScope();
            var table = graph.AddInitializer("embed.weight", embedding.weight!.detach().view(a.Classes, a.LatentSize, 1, 1));
            var scale = graph.AddNode("Gather", [table, label], "class_scale", OnnxGraphBuilder.Int("axis", 0));
            x = graph.AddNode("Mul", [x, scale], "conditioned_z");
        }

        using (no_grad())
        {
            var (convs, norms) = (generator.Convolutions, generator.Norms);
            for (var i = 0; i < convs.Count; i++)
            {
                using var scope = NewDisposeScope();
                var (weight, bias) = FoldedGenerator.Fold(convs[i], i < norms.Count ? norms[i] : null);
                var stem = i == 0;
                List<string> inputs = [x, graph.AddInitializer($"layer{i}.weight", weight)];
                if (bias is not null)
                    inputs.Add(graph.AddInitializer($"layer{i}.bias", bias));
                var kernel = weight.shape[2];
                x = graph.AddNode("ConvTranspose", inputs, $"layer{i}.conv",
                    OnnxGraphBuilder.Ints("kernel_shape", kernel, kernel),
                    OnnxGraphBuilder.Ints("strides", stem ? [1, 1] : [2, 2]),
                    OnnxGraphBuilder.Ints("pads", stem ? [0, 0, 0, 0] : [1, 1, 1, 1]));
                var last = i == convs.Count - 1;
                x = graph.AddNode(last ? "Tanh" : "Relu", [x], last ? OutputName : $"layer{i}.act");
            }
        }
        graph.AddOutput(x, TensorProto.Types.DataType.Float, [null, a.Channels, a.ImageSize, a.ImageSize], doc: "images in [-1, 1]");

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = $"DCGAN generator {a.ImageSize}x{a.ImageSize}x{a.Channels}, nz={a.LatentSize}, ngf={a.GeneratorFeatures}: " +
                        $"z float32 [N, {a.LatentSize}, 1, 1] (standard normal) -> images float32 [N, {a.Channels}, {a.ImageSize}, {a.ImageSize}] in [-1, 1]",
            Graph = graph.Build(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata(a, provenance))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>The model's metadata_props: the shapes always, the training run's facts where known.</summary>
    public static IReadOnlyList<(string Key, string Value)> Metadata(DcganArchitecture a, GeneratorProvenance provenance)
    {
        var c = CultureInfo.InvariantCulture;
        var entries = new List<(string, string)>
        {
            ("nz", a.LatentSize.ToString(c)),
            ("image_size", a.ImageSize.ToString(c)),
            ("channels", a.Channels.ToString(c)),
            ("ngf", a.GeneratorFeatures.ToString(c)),
            ("input", $"{InputName}: float32 [N, nz, 1, 1], standard normal" + (provenance.ClassNames is null ? "" : $"; {LabelName}: int64 [N], class numbers")),
            ("output", $"{OutputName}: float32 [N, channels, image_size, image_size] in [-1, 1]"),
            ("source", provenance.Source),
        };
        void Add(string key, string? value)
        {
            if (value is not null)
                entries.Add((key, value));
        }
        Add("weights", provenance.Weights);
        Add("recipe", provenance.Recipe);
        Add("dataset", provenance.Dataset);
        Add("seed", provenance.Seed?.ToString(c));
        Add("iterations", provenance.Iterations?.ToString(c));
        Add("classes", provenance.ClassNames is { } names ? System.Text.Json.JsonSerializer.Serialize(names) : null);
        return entries;
    }

    /// <summary>Writes the model so that <paramref name="path"/> is either its old content or the whole new model, never a part.</summary>
    public static void Save(ModelProto model, string path) => AtomicFile.Write(path, model.WriteTo);

    static string ProducerVersion =>
        typeof(GeneratorOnnxModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
