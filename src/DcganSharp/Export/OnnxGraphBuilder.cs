using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace DcganSharp.Export;

/// <summary>
/// Assembles an ONNX graph from named inputs, float initializers and operator nodes, as ONNX's own
/// schema types (the generated <see cref="GraphProto"/> and friends), which Google.Protobuf serialises.
/// Knows nothing about DCGANs: a network describes itself through it, input by input, so a
/// conditional generator adds its label input and the nodes that use it beside the latent code's.
/// </summary>
internal sealed class OnnxGraphBuilder(string name)
{
    readonly GraphProto graph = new() { Name = name };
    readonly HashSet<string> names = new(StringComparer.Ordinal);

    /// <summary>A graph input: element type and shape, where a null dimension is a named dynamic one (<paramref name="dynamicName"/>).</summary>
    public string AddInput(string inputName, TensorProto.Types.DataType type, IReadOnlyList<long?> shape, string dynamicName = "N", string? doc = null)
    {
        graph.Input.Add(ValueInfo(Claim(inputName), type, shape, dynamicName, doc));
        return inputName;
    }

    /// <summary>Marks <paramref name="value"/> (a node's output) as a graph output.</summary>
    public void AddOutput(string value, TensorProto.Types.DataType type, IReadOnlyList<long?> shape, string dynamicName = "N", string? doc = null)
    {
        if (!names.Contains(value))
            throw new InvalidOperationException($"no node produces '{value}'");
        graph.Output.Add(ValueInfo(value, type, shape, dynamicName, doc));
    }

    /// <summary>A constant float32 tensor stored in the model (its raw little-endian bytes, as ONNX's raw_data field holds them).</summary>
    public string AddInitializer(string initializerName, Tensor value)
    {
        using var scope = NewDisposeScope();
        var data = value.detach().to(float32, CPU).contiguous();
        var proto = new TensorProto { Name = Claim(initializerName), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(data.shape);
        var floats = data.data<float>().ToArray();
        var bytes = new byte[floats.Length * sizeof(float)];
        // raw_data is little-endian by ONNX's definition; .NET on a big-endian host would need a swap.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX export needs a little-endian machine");
        Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);
        proto.RawData = ByteString.CopyFrom(bytes);
        graph.Initializer.Add(proto);
        return initializerName;
    }

    /// <summary>Adds an operator of the default ONNX domain; returns its output's name.</summary>
    public string AddNode(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}" };
        foreach (var input in inputs)
        {
            if (!names.Contains(input))
                throw new InvalidOperationException($"node {node.Name} reads '{input}', which nothing defines yet");
            node.Input.Add(input);
        }
        node.Output.Add(Claim(output));
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Int(string attributeName, long value) =>
        new() { Name = attributeName, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string attributeName, params long[] values)
    {
        var attribute = new AttributeProto { Name = attributeName, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>The graph built so far (the builder keeps no other copy: add nothing after taking it).</summary>
    public GraphProto Build() => graph;

    string Claim(string value)
    {
        if (!names.Add(value))
            throw new InvalidOperationException($"the graph already has a value named '{value}'");
        return value;
    }

    static ValueInfoProto ValueInfo(string valueName, TensorProto.Types.DataType type, IReadOnlyList<long?> shape, string dynamicName, string? doc)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var dimension in shape)
        {
            tensor.Shape.Dim.Add(dimension is { } size
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = dynamicName });
        }
        return new ValueInfoProto { Name = valueName, Type = new TypeProto { TensorType = tensor }, DocString = doc ?? "" };
    }
}
