using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Bench.Judge;

/// <summary>
/// The contender: the package's ResNet18.onnx run by libtorch through TorchSharp. Its graph is
/// walked node by node (Conv, BatchNormalization, Relu, Add, MaxPool, AveragePool) with the file's
/// weights, BatchNorm folded into the convolution before it as ONNX Runtime folds it, and the
/// file's asymmetric paddings (CNTK pads strided layers 1 before and 0 after) done by an explicit
/// pad. Optionally in the channels-last layout oneDNN prefers.
/// </summary>
internal sealed class TorchSharpResNet18 : IDisposable
{
    readonly List<Step> steps = [];
    readonly List<Tensor> owned = [];
    readonly string input;
    readonly string output;
    readonly bool channelsLast;

    sealed record Step(string Op, string[] Inputs, string Output, Tensor? Weight, Tensor? Bias, long[] Pads, long[] Strides, long[] Kernel);

    public TorchSharpResNet18(string onnxPath, bool channelsLast)
    {
        this.channelsLast = channelsLast;
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath));
        var graph = model.Graph;
        var weights = graph.Initializer.ToDictionary(t => t.Name, ToTensor);
        owned.AddRange(weights.Values);
        input = graph.Input.Single(i => !weights.ContainsKey(i.Name)).Name;
        output = graph.Output.Single().Name;

        // Conv outputs read only by a BatchNormalization are folded into it.
        var readers = graph.Node.SelectMany(n => n.Input).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var convs = new Dictionary<string, Step>();
        foreach (var node in graph.Node)
        {
            long[] Ints(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? [];
            switch (node.OpType)
            {
                case "Conv":
                    var conv = new Step("Conv", [node.Input[0]], node.Output[0], weights[node.Input[1]], node.Input.Count > 2 ? weights[node.Input[2]] : null,
                        Ints("pads"), Ints("strides"), Ints("kernel_shape"));
                    steps.Add(conv);
                    convs[conv.Output] = conv;
                    break;
                case "BatchNormalization" when convs.TryGetValue(node.Input[0], out var folded) && readers[node.Input[0]] == 1:
                    var epsilon = node.Attribute.Single(a => a.Name == "epsilon").F;
                    var (scale, shift, mean, variance) = (weights[node.Input[1]], weights[node.Input[2]], weights[node.Input[3]], weights[node.Input[4]]);
                    using (no_grad())
                    {
                        var factor = scale / (variance + epsilon).sqrt();
                        var weight = folded.Weight! * factor.view(-1, 1, 1, 1);
                        var bias = (folded.Bias ?? zeros_like(mean)) * factor + shift - mean * factor;
                        if (channelsLast)
                            weight = Layout(weight);
                        owned.Add(weight);
                        owned.Add(bias);
                        steps[steps.IndexOf(folded)] = folded with { Weight = weight, Bias = bias, Output = node.Output[0] };
                    }
                    break;
                case "Relu" or "Add":
                    steps.Add(new Step(node.OpType, node.Input.ToArray(), node.Output[0], null, null, [], [], []));
                    break;
                case "MaxPool" or "AveragePool":
                    steps.Add(new Step(node.OpType, [node.Input[0]], node.Output[0], null, null, Ints("pads"), Ints("strides"), Ints("kernel_shape")));
                    break;
                default:
                    throw new NotSupportedException($"{node.OpType} is not an operation of ResNet18.onnx");
            }
        }
    }

    /// <summary>[N, 512] features of prepared [N, 3, 224, 224] inputs.</summary>
    public Tensor Forward(Tensor prepared)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var values = new Dictionary<string, Tensor> { [input] = channelsLast ? Layout(prepared) : prepared };
        foreach (var step in steps)
        {
            var x = values[step.Inputs[0]];
            values[step.Output] = step.Op switch
            {
                "Conv" => F.conv2d(Pad(x, step.Pads, 0), step.Weight!, step.Bias, strides: step.Strides, padding: Symmetric(step.Pads)),
                "Relu" => x.relu(),
                "Add" => x + values[step.Inputs[1]],
                "MaxPool" => F.max_pool2d(Pad(x, step.Pads, double.NegativeInfinity), step.Kernel, step.Strides, Symmetric(step.Pads)),
                _ => F.avg_pool2d(x, step.Kernel, step.Strides),
            };
        }
        return values[output].flatten(1).contiguous().MoveToOuterDisposeScope();
    }

    // ONNX pads are [top, left, bottom, right]: equal ones go to the layer, unequal ones are padded first.
    static Tensor Pad(Tensor x, long[] pads, double value) =>
        pads.Length == 4 && (pads[0] != pads[2] || pads[1] != pads[3]) ? F.pad(x, [pads[1], pads[3], pads[0], pads[2]], value: value) : x;

    static long[] Symmetric(long[] pads) =>
        pads.Length == 4 && pads[0] == pads[2] && pads[1] == pads[3] ? [pads[0], pads[1]] : [0, 0];

    static Tensor Layout(Tensor x)
    {
        var dense = x.permute(0, 2, 3, 1).contiguous();
        return dense.as_strided(x.shape, [x.shape[1] * x.shape[2] * x.shape[3], 1, x.shape[3] * x.shape[1], x.shape[1]], dense.storage_offset());
    }

    static Tensor ToTensor(TensorProto proto)
    {
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw new NotSupportedException($"{proto.Name} is not float32");
        var values = proto.FloatData.Count > 0 ? proto.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        return tensor(values, proto.Dims.ToArray());
    }

    public void Dispose()
    {
        foreach (var tensor in owned)
            tensor.Dispose();
    }
}
