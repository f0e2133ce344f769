using System.Collections;
using System.Text;
using Razorvine.Pickle;

namespace DcganSharp.Data;

/// <summary>
/// Reads one batch of CIFAR-10's "python version" (cifar-10-batches-py/data_batch_1, ...), the
/// layout torchvision downloads and pytorch/examples' main.py leaves in its --dataroot: a pickled
/// dict whose 'data' is a uint8 numpy array [N, 3072] (each row the red, green and blue 32x32
/// planes, as in the binary version) and whose 'labels' is a list of ints. The pickle is read by
/// Razorvine.Pickle; the two numpy classes it needs are rebuilt here from their pickled state.
/// </summary>
internal static class Cifar10PythonBatch
{
    static Cifar10PythonBatch()
    {
        // numpy 1.x pickles name numpy.core, numpy 2.x numpy._core.
        foreach (var module in new[] { "numpy.core.multiarray", "numpy._core.multiarray" })
            Unpickler.registerConstructor(module, "_reconstruct", new NdarrayConstructor());
        Unpickler.registerConstructor("numpy", "dtype", new DtypeConstructor());
    }

    /// <summary>The batch's images as [N, 3, 32, 32] bytes and its labels; a file that is not such a batch is an error naming it.</summary>
    public static (byte[] Pixels, byte[] Labels) Read(string path)
    {
        object loaded;
        try
        {
            using var stream = File.OpenRead(path);
            using var unpickler = new Unpickler();
            loaded = unpickler.load(stream);
        }
        catch (Exception e) when (e is PickleException or IOException or InvalidCastException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            throw NotABatch(path, $"not a readable pickle ({e.Message})");
        }
        if (loaded is not Hashtable batch || Value(batch, "data") is not PickledArray data)
            throw NotABatch(path, "it holds no 'data' array");
        if (data.Shape is not [var count, Cifar10Reader.PixelsPerImage] || data.ElementType != "u1" || data.FortranOrder || data.Bytes.Length != count * Cifar10Reader.PixelsPerImage)
            throw NotABatch(path, $"its 'data' is not a uint8 [N, {Cifar10Reader.PixelsPerImage}] array");
        var labels = new byte[count];
        if (Value(batch, "labels") is IList list)
        {
            if (list.Count != count)
                throw NotABatch(path, $"it has {count} images but {list.Count} labels");
            for (var i = 0; i < count; i++)
            {
                if (list[i] is not int label || label is < 0 or > 255)
                    throw NotABatch(path, $"label {i} is {list[i] ?? "None"}, not a class number");
                labels[i] = (byte)label;
            }
        }
        return (data.Bytes, labels);
    }

    static DcganException NotABatch(string path, string why) =>
        new($"'{path}' is not a CIFAR-10 python batch: {why}; delete it (and its folder) to download CIFAR-10 again, or use the binary version (cifar-10-batches-bin)");

    // Python 2 pickles have str keys, Python 3 ones written with encoding='bytes' have byte keys.
    static object? Value(Hashtable batch, string key) =>
        batch[key] ?? batch.Keys.OfType<byte[]>().Where(k => Encoding.ASCII.GetString(k) == key).Select(k => batch[k]).FirstOrDefault();

    sealed class NdarrayConstructor : IObjectConstructor
    {
        // _reconstruct(ndarray, (0,), b'b') makes an empty array; its state comes next.
        public object construct(object[] args) => new PickledArray();
    }

    sealed class DtypeConstructor : IObjectConstructor
    {
        // dtype('u1', align, copy)
        public object construct(object[] args) => new PickledDtype { Code = args.Length > 0 ? Text(args[0]) : "" };
    }

    /// <summary>A numpy dtype: only its type code ("u1") matters here.</summary>
    sealed class PickledDtype
    {
        public string Code { get; init; } = "";

        // The state (version, byte order, ...) adds nothing for one-byte elements.
        public void __setstate__(object[] state) => _ = state;
    }

    /// <summary>A numpy ndarray rebuilt from its pickled state: (version, shape, dtype, Fortran order, raw bytes).</summary>
    sealed class PickledArray
    {
        public long[] Shape { get; private set; } = [];

        public string ElementType { get; private set; } = "";

        public bool FortranOrder { get; private set; }

        public byte[] Bytes { get; private set; } = [];

        public void __setstate__(object[] state)
        {
            if (state.Length != 5)
                throw new PickleException($"an ndarray state has 5 parts, this one {state.Length}");
            Shape = ((object[])state[1]).Select(d => Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            ElementType = (state[2] as PickledDtype)?.Code ?? "";
            FortranOrder = state[3] is true;
            Bytes = state[4] switch
            {
                byte[] raw => raw,
                // A Python 2 str: one char per byte.
                string text => Encoding.Latin1.GetBytes(text),
                _ => throw new PickleException("an ndarray's data is neither bytes nor a string"),
            };
        }
    }

    static string Text(object value) => value switch
    {
        string s => s,
        byte[] b => Encoding.ASCII.GetString(b),
        _ => value?.ToString() ?? "",
    };
}
