using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>The networks' starting weights, kept on the CPU for a rollback to the very beginning.</summary>
internal sealed class NetworkSnapshot(DcganGenerator generator, DcganDiscriminator discriminator) : IDisposable
{
    readonly Dictionary<string, Tensor> g = generator.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());
    readonly Dictionary<string, Tensor> d = discriminator.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());

    public void Restore(DcganGenerator generatorTarget, DcganDiscriminator discriminatorTarget)
    {
        StateDictFile.LoadInto(generatorTarget, g, "initial generator weights");
        StateDictFile.LoadInto(discriminatorTarget, d, "initial discriminator weights");
    }

    public void Dispose()
    {
        foreach (var tensor in g.Values.Concat(d.Values))
            tensor.Dispose();
    }
}
