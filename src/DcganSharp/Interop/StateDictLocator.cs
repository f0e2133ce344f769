using DcganSharp.Models;
using System.Collections;
using DcganSharp.Generation;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>
/// Finds the state_dict in what a torch.save file holds: the state_dict itself
/// (<c>torch.save(net.state_dict())</c>, what pytorch/examples writes); one network of a training
/// checkpoint (<c>{'netG': ..., 'netD': ..., 'epoch': ...}</c>), chosen by its key; or the
/// parameters and persistent buffers of a whole pickled nn.Module (<c>torch.save(net)</c>).
/// </summary>
internal static class StateDictLocator
{
    static readonly string[] GeneratorKeys = ["netg", "generator", "g", "gen", "modelg", "gstatedict", "netgstatedict", "generatorstatedict", "statedictg"];
    static readonly string[] DiscriminatorKeys = ["netd", "discriminator", "d", "disc", "modeld", "dstatedict", "netdstatedict", "discriminatorstatedict", "statedictd"];

    /// <summary>
    /// The state_dict's tensors by name; every other tensor in <paramref name="loaded"/> is disposed.
    /// <paramref name="network"/> picks between several networks; <paramref name="what"/> names the file in errors.
    /// </summary>
    public static Dictionary<string, Tensor> Find(object? loaded, NetworkRole? network, string what)
    {
        Dictionary<string, Tensor>? found = null;
        try
        {
            found = Locate(loaded, network, what);
            return found;
        }
        finally
        {
            var kept = found is null ? [] : new HashSet<Tensor>(found.Values, ReferenceEqualityComparer.Instance);
            foreach (var tensor in TorchSaveReader.TensorsIn(loaded))
            {
                if (!kept.Contains(tensor))
                    tensor.Dispose();
            }
        }
    }

    static Dictionary<string, Tensor> Locate(object? loaded, NetworkRole? network, string what)
    {
        if (AsStateDict(loaded) is { } direct)
            return direct;
        if (loaded is not IDictionary entries)
            throw new DcganException($"{what} holds a {Describe(loaded)}, not a state_dict; save it with torch.save(net.state_dict(), path)");

        var candidates = entries.Cast<DictionaryEntry>()
            .Select(e => (Key: e.Key.ToString() ?? "", Tensors: AsStateDict(e.Value)))
            .Where(c => c.Tensors is not null)
            .ToList();
        var keys = string.Join(", ", entries.Keys.Cast<object>().Select(k => $"'{k}'").Order(StringComparer.Ordinal));
        if (candidates.Count == 1)
            return candidates[0].Tensors!;
        if (candidates.Count == 0)
            throw new DcganException($"{what} holds a dict ({keys}) with no state_dict in it; save one with torch.save(net.state_dict(), path)");

        var names = network switch
        {
            NetworkRole.Generator => GeneratorKeys,
            NetworkRole.Discriminator => DiscriminatorKeys,
            _ => [],
        };
        var matches = candidates.Where(c => names.Contains(Normalize(c.Key))).ToList();
        if (matches.Count == 1)
            return matches[0].Tensors!;
        var choices = string.Join(", ", candidates.Select(c => $"'{c.Key}'").Order(StringComparer.Ordinal));
        throw new DcganException($"{what} holds several state_dicts ({choices}) and dcgan cannot tell which {(network is null ? "one is meant" : $"is the {network.Value.ToString().ToLowerInvariant()}")}; save the one you want with torch.save(checkpoint['name'], path)");
    }

    static string Normalize(string key) => key.ToLowerInvariant().Replace("_", "").Replace("-", "").Replace(".", "");

    /// <summary>A flat dict of named tensors, or a pickled module's parameters and buffers; null for anything else.</summary>
    static Dictionary<string, Tensor>? AsStateDict(object? value)
    {
        if (value is ClassDict module && module.ContainsKey("_parameters"))
            return FromModule(module);
        if (value is not IDictionary { Count: > 0 } dictionary)
            return null;
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                return null;
            tensors[key] = tensor;
        }
        return tensors;
    }

    /// <summary>What <c>module.state_dict()</c> would hold: its parameters, persistent buffers and submodules', by dotted name.</summary>
    static Dictionary<string, Tensor> FromModule(ClassDict module)
    {
        var tensors = new Dictionary<string, Tensor>();
        void Walk(IDictionary<string, object> node, string prefix)
        {
            var transient = node.TryGetValue("_non_persistent_buffers_set", out var set) && set is IEnumerable names
                ? names.Cast<object>().Select(n => n.ToString()).ToHashSet()
                : [];
            foreach (var (field, skip) in new[] { ("_parameters", (HashSet<string?>)[]), ("_buffers", transient) })
            {
                if (node.TryGetValue(field, out var members) && members is IDictionary dictionary)
                {
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Value is Tensor tensor && !skip.Contains(entry.Key.ToString()))
                            tensors[prefix + entry.Key] = tensor;
                    }
                }
            }
            if (node.TryGetValue("_modules", out var children) && children is IDictionary submodules)
            {
                foreach (DictionaryEntry entry in submodules)
                {
                    if (entry.Value is IDictionary<string, object> child)
                        Walk(child, $"{prefix}{entry.Key}.");
                }
            }
        }
        Walk(module, "");
        return tensors;
    }

    static string Describe(object? value) => value switch
    {
        null => "None",
        Tensor => "single tensor",
        IList => "list",
        ClassDict c => $"pickled {c.ClassName}",
        _ => value.GetType().Name,
    };
}
