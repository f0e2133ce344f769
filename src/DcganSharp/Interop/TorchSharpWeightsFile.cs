using System.Text;
using DcganSharp.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>
/// TorchSharp's native weights format, the one <c>module.save(path)</c> writes and
/// <c>module.load(path)</c> reads: an entry count, then per entry a name and a tensor (dtype, shape,
/// raw little-endian bytes), counts encoded as LEB128 varints. Reading it here, rather than through
/// Module.load, gives the tensors by name without knowing the network first, so the architecture can
/// be inferred from them, and lets corrupt files fail with a clear message instead of a huge allocation.
/// </summary>
internal static class TorchSharpWeightsFile
{
    const int MaxEntries = 100_000;
    const int MaxDimensions = 8;

    /// <summary>Saves the module's parameters and buffers exactly as <c>module.save</c> does, atomically.</summary>
    public static void Save(nn.Module module, string path)
    {
        using var scope = torch.NewDisposeScope();
        Save(StateDictFile.ContiguousView(module), path);
    }

    /// <summary>Saves named tensors in the same format (Module.load reads them back by name).</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            nn.Module.save_state_dict(writer, tensors.ToDictionary(p => p.Key, p => p.Value));
        });

    /// <summary>Reads every tensor of the file, on the CPU; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Read(string path, string role = "weights")
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            var count = ReadCount(reader, MaxEntries, "entry count");
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                if (name.Length == 0 || tensors.ContainsKey(name))
                    throw new InvalidDataException($"entry {i} has an empty or repeated name");
                tensors[name] = ReadTensor(reader, stream);
            }
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"{stream.Length - stream.Position} unexpected bytes after the last tensor");
            return tensors;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or OverflowException)
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
            var reason = e is EndOfStreamException ? "it ends too early" : e.Message;
            throw new DcganException($"{role} file '{path}' is neither a PyTorch state_dict (.pth) nor a TorchSharp weights file ({reason}); give a file written by torch.save(net.state_dict(), f) or module.save(f)", e);
        }
    }

    static Tensor ReadTensor(BinaryReader reader, Stream stream)
    {
        var code = ReadCount(reader, 64, "dtype");
        var dtype = (ScalarType)code;
        if (!Enum.IsDefined(dtype))
            throw new InvalidDataException($"unknown dtype code {code}");
        var rank = ReadCount(reader, MaxDimensions, "rank");
        var shape = new long[rank];
        var elements = 1L;
        for (var d = 0; d < rank; d++)
        {
            shape[d] = ReadCount(reader, 1L << 40, "dimension");
            elements = checked(elements * shape[d]);
        }
        long elementSize;
        using (var probe = empty(0, dtype))
            elementSize = probe.ElementSize;
        var bytes = checked(elements * elementSize);
        if (bytes > stream.Length - stream.Position)
            throw new InvalidDataException($"a tensor of shape [{string.Join(", ", shape)}] needs {bytes} bytes but only {stream.Length - stream.Position} remain");

        var tensor = empty(shape, dtype);
        tensor.ReadBytesFromStream(stream);
        return tensor;
    }

    // TorchSharp writes counts, dtypes and dimensions as unsigned LEB128 varints.
    static long ReadCount(BinaryReader reader, long max, string what)
    {
        var value = 0L;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 56)
                throw new InvalidDataException($"{what} is not a valid varint");
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                break;
        }
        if (value > max)
            throw new InvalidDataException($"{what} {value} is out of range");
        return value;
    }
}
