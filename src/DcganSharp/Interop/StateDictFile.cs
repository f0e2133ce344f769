using DcganSharp.Models;
using System.Collections;
using DcganSharp.IO;
using TorchSharp;
using DcganSharp.Generation;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>
/// Reads and writes network weights as PyTorch state_dict files (<c>torch.save(net.state_dict())</c>,
/// the zip format of PyTorch 1.6 and later), so weights move freely between dcgan-sharp and
/// pytorch/examples. Loading is strict about shapes and names and explains any mismatch.
/// </summary>
internal static class StateDictFile
{
    /// <summary>Saves the module's parameters and buffers to <paramref name="path"/>, atomically.</summary>
    public static void Save(nn.Module module, string path)
    {
        using var scope = NewDisposeScope();
        Save(ContiguousView(module), path);
    }

    /// <summary>
    /// The module's state_dict with every tensor in the default contiguous layout and in a storage of
    /// its own: serialisers write a tensor's bytes in storage order with its storage offset, so
    /// channels-last weights (<see cref="Models.FastPaths.ChannelsLast"/>) and weights that are views into an
    /// optimizer's flat buffer (<see cref="Training.PackedAdam"/>) are copied out first.
    /// </summary>
    public static Dictionary<string, Tensor> ContiguousView(nn.Module module) =>
        module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().contiguous());

    /// <summary>A contiguous CPU copy of <paramref name="tensor"/> that no later update of the original touches.</summary>
    public static Tensor ContiguousCopy(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var copy = tensor.detach().cpu().clone();
        return (copy.is_contiguous() ? copy : copy.contiguous()).MoveToOuterDisposeScope();
    }

    /// <summary>Saves the module in the chosen format: a PyTorch .pth or TorchSharp's native format.</summary>
    public static void Save(nn.Module module, string path, WeightsFormat format)
    {
        if (format == WeightsFormat.TorchSharp)
            TorchSharpWeightsFile.Save(module, path);
        else
            Save(module, path);
    }

    /// <summary>Saves a dictionary of tensors to <paramref name="path"/>, atomically.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path) =>
        AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, tensors.ToDictionary(p => p.Key, p => p.Value), leaveOpen: true));

    /// <summary>
    /// Reads every tensor of a state_dict file: a PyTorch .pth (<see cref="TorchSaveReader"/>, any
    /// PyTorch version; the state_dict found by <see cref="StateDictLocator"/>, so training
    /// checkpoints and whole pickled modules work too) or, told apart by content, a file in
    /// TorchSharp's native format (<see cref="TorchSharpWeightsFile"/>), so every place that takes
    /// weights takes both. Keys keep their names, except that the prefixes added by nn.DataParallel
    /// ("module.") and torch.compile ("_orig_mod.") are removed. The caller owns (and disposes) the
    /// returned tensors.
    /// </summary>
    /// <param name="network">Which network to take from a file that holds several (a training checkpoint).</param>
    public static Dictionary<string, Tensor> Read(string path, string role = "weights", NetworkRole? network = null)
    {
        if (WeightsFormatDetector.Detect(path, role) == WeightsFormat.TorchSharp)
            return TorchSharpWeightsFile.Read(path, role).ToDictionary(p => StripWrapperPrefixes(p.Key), p => p.Value);

        object? loaded;
        try
        {
            using var stream = File.OpenRead(path);
            loaded = TorchSaveReader.Read(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidCastException or InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException or FormatException or OverflowException or System.Runtime.Serialization.SerializationException or Razorvine.Pickle.PickleException)
        {
            throw new DcganException($"{role} file '{path}' is not a readable PyTorch state_dict ({e.Message}); save it with torch.save(net.state_dict(), path)");
        }
        var tensors = StateDictLocator.Find(loaded, network, $"{role} file '{path}'");
        return tensors.ToDictionary(p => StripWrapperPrefixes(p.Key), p => p.Value);
    }

    /// <summary>
    /// Loads a state_dict file into <paramref name="module"/>. Every parameter and buffer must be
    /// present with the right shape; BatchNorm's num_batches_tracked may be absent (PyTorch &lt; 0.4
    /// files). Mismatches are reported by name with both shapes.
    /// </summary>
    /// <param name="advice">What to check when the shapes differ (the caller names its settings); null: nothing.</param>
    public static void Load(nn.Module module, string path, string role = "weights", string? architectureHint = null, NetworkRole? network = null, string? advice = null)
    {
        var source = Read(path, role, network);
        try
        {
            LoadInto(module, source, $"{role} file '{path}'", architectureHint, advice);
        }
        finally
        {
            foreach (var tensor in source.Values)
                tensor.Dispose();
        }
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="module"/> with the same checks as <see cref="Load"/>.</summary>
    public static void LoadInto(nn.Module module, IReadOnlyDictionary<string, Tensor> source, string what, string? architectureHint = null, string? advice = null)
    {
        var target = module.state_dict();
        var problems = new List<string>();
        foreach (var (key, tensor) in target)
        {
            if (!source.TryGetValue(key, out var value))
            {
                if (!key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                    problems.Add($"{key} is missing");
            }
            else if (!value.shape.SequenceEqual(tensor.shape))
            {
                problems.Add($"{key} is {Shape(value)} in the file but {Shape(tensor)} here");
            }
        }
        foreach (var key in source.Keys.Where(k => !target.ContainsKey(k)))
            problems.Add($"{key} is unexpected");

        if (problems.Count > 0)
        {
            var shown = string.Join("; ", problems.Take(4)) + (problems.Count > 4 ? $"; and {problems.Count - 4} more" : "");
            var hint = architectureHint is null ? "" : $" (expected {architectureHint})";
            throw new DcganException($"{what} does not fit this network{hint}: {shown}{(advice is null ? "" : $"; {advice}")}");
        }

        using var noGrad = no_grad();
        foreach (var (key, tensor) in target)
        {
            if (source.TryGetValue(key, out var value))
                tensor.copy_(value.to(tensor.dtype, tensor.device));
        }
    }

    static string StripWrapperPrefixes(string key)
    {
        foreach (var prefix in new[] { "module.", "_orig_mod." })
        {
            while (key.StartsWith(prefix, StringComparison.Ordinal))
                key = key[prefix.Length..];
        }
        return key;
    }

    static string Shape(Tensor t) => t.shape.Length == 0 ? "a scalar" : string.Join("x", t.shape);
}
