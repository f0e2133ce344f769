using System.Collections;
using System.IO.Compression;
using System.Numerics;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>
/// Reads what Python's <c>torch.save</c> wrote: the zip format of PyTorch 1.6 and later, and the
/// legacy format before it (old pytorch/examples checkpoints), into plain objects (Hashtable for
/// dicts, ArrayList for lists, object[] for tuples, Razorvine's ClassDict for pickled classes such
/// as whole nn.Modules) with TorchSharp tensors in place of PyTorch's. Each tensor is rebuilt from
/// its storage with its own offset, shape and strides, so channels-last weights, views and tensors
/// sharing one storage come out right; each is a contiguous tensor of its own.
/// Throws <see cref="InvalidDataException"/> (or the pickle reader's exceptions) for a damaged file.
/// </summary>
internal static class TorchSaveReader
{
    // torch/serialization.py's MAGIC_NUMBER, the first pickle of a legacy file.
    static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the file starts like a zip archive (the format of PyTorch 1.6 and later).</summary>
    public static bool IsZip(ReadOnlySpan<byte> start) => start is [0x50, 0x4B, 0x03, 0x04, ..];

    public static object? Read(Stream stream)
    {
        Span<byte> start = stackalloc byte[4];
        var read = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        stream.Seek(-read, SeekOrigin.Current);
        var tensors = new List<Tensor>();
        try
        {
            return read == 4 && IsZip(start) ? ReadZip(stream, tensors) : ReadLegacy(stream, tensors);
        }
        catch
        {
            foreach (var tensor in tensors)
                tensor.Dispose();
            throw;
        }
    }

    static object? ReadZip(Stream stream, List<Tensor> made)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') <= 1)
            ?? throw new InvalidDataException("a zip without data.pkl, so not a torch.save file");
        var root = pickle.FullName[..^"data.pkl".Length];
        if (archive.GetEntry(root + "byteorder") is { } order)
        {
            using var reader = new StreamReader(order.Open());
            if (reader.ReadToEnd().Trim() != "little")
                throw new InvalidDataException("it was saved on a big-endian machine");
        }

        var storages = new Dictionary<string, Tensor>();
        Tensor Load(StorageRef storage)
        {
            if (storages.TryGetValue(storage.Key, out var loaded))
                return loaded;
            var entry = archive.GetEntry($"{root}data/{storage.Key}") ?? throw new InvalidDataException($"storage '{storage.Key}' is missing from the archive");
            var bytes = new byte[entry.Length];
            using (var data = entry.Open())
                data.ReadExactly(bytes);
            return storages[storage.Key] = FromBytes(bytes, storage);
        }

        using var entryStream = pickle.Open();
        using var unpickler = new TorchUnpickler();
        try
        {
            var graph = unpickler.load(entryStream);
            return Materialize(graph, pending => Keep(made, pending.Rebuild(Load(pending.Storage))));
        }
        finally
        {
            foreach (var storage in storages.Values)
                storage.Dispose();
        }
    }

    /// <summary>
    /// The pre-1.6 format: pickles of the magic number, the protocol version and the system's type
    /// sizes, then the object (tensors refer to storages by key), then the sorted storage keys, then
    /// each storage as its element count (int64) and its bytes.
    /// </summary>
    static object? ReadLegacy(Stream stream, List<Tensor> made)
    {
        object Next()
        {
            using var header = new Unpickler();
            return header.load(stream);
        }
        if (Next() is not BigInteger magic || magic != LegacyMagic)
            throw new InvalidDataException("not a torch.save file (neither a zip nor PyTorch's legacy format)");
        if (Convert.ToInt32(Next(), System.Globalization.CultureInfo.InvariantCulture) != 1001)
            throw new InvalidDataException("an unknown legacy protocol version");
        if (Next() is Hashtable info && info["little_endian"] is false)
            throw new InvalidDataException("it was saved on a big-endian machine");

        object? graph;
        using (var unpickler = new TorchUnpickler())
            graph = unpickler.load(stream);
        if (Next() is not IList keys)
            throw new InvalidDataException("the list of storages is missing");

        var storages = new Dictionary<string, Tensor>();
        try
        {
            var references = new Dictionary<string, StorageRef>();
            CollectStorages(graph, references, new HashSet<object>(ReferenceEqualityComparer.Instance));
            Span<byte> countBytes = stackalloc byte[8];
            foreach (var key in keys.Cast<object>().Select(k => k.ToString()!))
            {
                stream.ReadExactly(countBytes);
                var count = BitConverter.ToInt64(countBytes);
                if (!references.TryGetValue(key, out var storage))
                    throw new InvalidDataException($"storage '{key}' is listed but never used");
                if (count < 0 || count > (stream.Length - stream.Position) / storage.ElementSize)
                    throw new InvalidDataException($"storage '{key}' is truncated");
                var bytes = new byte[count * storage.ElementSize];
                stream.ReadExactly(bytes);
                storages[key] = FromBytes(bytes, storage with { Count = count });
            }
            return Materialize(graph, pending => Keep(made, pending.Rebuild(
                storages.TryGetValue(pending.Storage.Key, out var s) ? s : throw new InvalidDataException($"storage '{pending.Storage.Key}' is missing"))));
        }
        finally
        {
            foreach (var storage in storages.Values)
                storage.Dispose();
        }
    }

    /// <summary>Every distinct tensor in a loaded object graph (dicts, lists, tuples, class states), for disposing.</summary>
    public static IEnumerable<Tensor> TensorsIn(object? loaded)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object?>([loaded]);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case Tensor tensor when seen.Add(tensor):
                    yield return tensor;
                    break;
                case IDictionary dictionary when seen.Add(dictionary):
                    foreach (var value in dictionary.Values)
                        pending.Push(value);
                    break;
                case IList list when seen.Add(list):
                    foreach (var value in list)
                        pending.Push(value);
                    break;
            }
        }
    }

    static Tensor Keep(List<Tensor> made, Tensor tensor)
    {
        made.Add(tensor);
        return tensor;
    }

    static Tensor FromBytes(byte[] bytes, StorageRef storage)
    {
        if (bytes.Length != storage.Count * storage.ElementSize)
            throw new InvalidDataException($"storage '{storage.Key}' has {bytes.Length} bytes, not the {storage.Count * storage.ElementSize} its tensors need");
        var tensor = empty(storage.Count, storage.Type);
        tensor.bytes = bytes;
        return tensor;
    }

    /// <summary>Replaces every <see cref="PendingTensor"/> in the graph (dicts, lists, tuples, class states) by its tensor.</summary>
    static object? Materialize(object? node, Func<PendingTensor, Tensor> build)
    {
        var done = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        object? Visit(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case PendingTensor pending:
                    if (!done.TryGetValue(pending, out var tensor))
                        done[pending] = tensor = build(pending);
                    return tensor;
                case IDictionary dictionary when done.TryAdd(dictionary, dictionary):
                    foreach (var key in dictionary.Keys.Cast<object>().ToList())
                        dictionary[key] = Visit(dictionary[key]);
                    return dictionary;
                case IList list when done.TryAdd(list, list):
                    for (var i = 0; i < list.Count; i++)
                        list[i] = Visit(list[i]);
                    return list;
                default:
                    return value;
            }
        }
        return Visit(node);
    }

    static void CollectStorages(object? node, Dictionary<string, StorageRef> found, HashSet<object> seen)
    {
        switch (node)
        {
            case PendingTensor pending:
                found.TryAdd(pending.Storage.Key, pending.Storage);
                break;
            case IDictionary dictionary when seen.Add(dictionary):
                foreach (var value in dictionary.Values)
                    CollectStorages(value, found, seen);
                break;
            case IList list when seen.Add(list):
                foreach (var value in list)
                    CollectStorages(value, found, seen);
                break;
        }
    }

    /// <summary>A storage named by a persistent id: its key, element type and element count.</summary>
    sealed record StorageRef(string Key, ScalarType Type, long Count)
    {
        public long ElementSize => Type switch
        {
            ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
            ScalarType.Float32 or ScalarType.Int32 => 4,
            ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
            ScalarType.ComplexFloat64 => 16,
            _ => 1,
        };
    }

    /// <summary>A tensor as pickled: a view (offset, shape, strides) of a storage not read yet.</summary>
    sealed class PendingTensor(StorageRef storage, long offset, long[] shape, long[] strides)
    {
        public StorageRef Storage { get; } = storage;

        public Tensor Rebuild(Tensor storageData)
        {
            if (offset < 0 || shape.Any(s => s < 0) || strides.Any(s => s < 0))
                throw new InvalidDataException("a tensor with a negative size, stride or offset");
            if (shape.Any(s => s == 0))
                return empty(shape, Storage.Type);
            var last = offset + shape.Zip(strides, (size, stride) => (size - 1) * stride).Sum();
            if (last >= storageData.shape[0])
                throw new InvalidDataException($"a tensor reaches past the end of storage '{Storage.Key}'");
            using var view = storageData.as_strided(shape, strides, offset);
            using var contiguous = view.contiguous();
            return contiguous.clone();
        }
    }

    /// <summary>An unpickler that resolves torch's persistent storage ids and tensor constructors, for this reader only.</summary>
    sealed class TorchUnpickler : Unpickler
    {
        // Razorvine's constructor table is process-wide: these names are (re)asserted for every load,
        // in case another library registered its own for them since.
        public TorchUnpickler()
        {
            registerConstructor("torch._utils", "_rebuild_tensor", new RebuildTensor());
            registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensor());
            registerConstructor("torch._utils", "_rebuild_parameter", new RebuildParameter());
            registerConstructor("torch._utils", "_rebuild_parameter_with_state", new RebuildParameter());
            registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            registerConstructor("torch", "Size", new SizeConstructor());
        }

        protected override object persistentLoad(object pid)
        {
            // The legacy format names each pickled nn.Module class as ('module', class, file, source).
            if (pid is object[] { Length: >= 2 } module && module[0] as string == "module")
                return module[1];
            // ('storage', storage type, key, location, element count[, view metadata])
            if (pid is not object[] { Length: >= 5 } id || id[0] as string != "storage")
                throw new InvalidDataException("an unknown persistent id (not a tensor storage)");
            var typeName = id[1] switch
            {
                ClassDictConstructor c => c.name,
                string s => s,
                _ => throw new InvalidDataException("a storage without a type"),
            };
            return new StorageRef(id[2].ToString()!, StorageType(typeName), Convert.ToInt64(id[4], System.Globalization.CultureInfo.InvariantCulture));
        }

        static ScalarType StorageType(string name) => name switch
        {
            "FloatStorage" => ScalarType.Float32,
            "DoubleStorage" => ScalarType.Float64,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "LongStorage" => ScalarType.Int64,
            "IntStorage" => ScalarType.Int32,
            "ShortStorage" => ScalarType.Int16,
            "CharStorage" => ScalarType.Int8,
            "ByteStorage" => ScalarType.Byte,
            "BoolStorage" => ScalarType.Bool,
            "ComplexFloatStorage" => ScalarType.ComplexFloat32,
            "ComplexDoubleStorage" => ScalarType.ComplexFloat64,
            _ => throw new InvalidDataException($"tensors of an unsupported storage type ({name})"),
        };
    }

    /// <summary>_rebuild_tensor(_v2)(storage, offset, size, stride, ...): the tensor is built once its storage is read.</summary>
    sealed class RebuildTensor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not StorageRef storage)
                throw new InvalidDataException("a tensor without a storage");
            static long[] Longs(object value) => ((IEnumerable)value).Cast<object>().Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var shape = Longs(args[2]);
            var strides = Longs(args[3]);
            if (shape.Length != strides.Length)
                throw new InvalidDataException("a tensor whose shape and strides differ in length");
            return new PendingTensor(storage, Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture), shape, strides);
        }
    }

    /// <summary>_rebuild_parameter(data, requires_grad, hooks): an nn.Parameter, which is its data here.</summary>
    sealed class RebuildParameter : IObjectConstructor
    {
        public object construct(object[] args) => args.Length > 0 ? args[0] : throw new InvalidDataException("a parameter without data");
    }

    sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            var dictionary = new OrderedDictionary();
            // OrderedDict([(key, value), ...]) in some pickles; OrderedDict() then SETITEMS in most.
            if (args is [IEnumerable items] && items is not string)
            {
                foreach (var item in items)
                {
                    if (item is IList { Count: 2 } pair)
                        dictionary[pair[0]!] = pair[1];
                }
            }
            return dictionary;
        }
    }

    /// <summary>torch.Size((2, 3)): the tuple it holds (older PyTorch pickled tensor shapes as torch.Size).</summary>
    sealed class SizeConstructor : IObjectConstructor
    {
        public object construct(object[] args) => args is [object[] dims] ? dims : Array.Empty<object>();
    }

    /// <summary>collections.OrderedDict: a Hashtable that accepts the state PyTorch attaches to state_dicts (their _metadata).</summary>
    sealed class OrderedDictionary : Hashtable
    {
        public void __setstate__(Hashtable state) => _ = state;
    }
}
