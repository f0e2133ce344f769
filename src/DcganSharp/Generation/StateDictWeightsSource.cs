using DcganSharp.Interop;
using DcganSharp.Models;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>A plain state_dict: PyTorch's netG_epoch_N.pth or a TorchSharp module.save file. Accepts any file, so it goes last.</summary>
internal sealed class StateDictWeightsSource : IGeneratorWeightsSource
{
    public Dictionary<string, Tensor>? TryRead(string path, string role) => StateDictFile.Read(path, role, NetworkRole.Generator);
}
