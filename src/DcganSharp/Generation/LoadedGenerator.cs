using DcganSharp.Models;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>A generator with its weights loaded, on its device, and where they came from.</summary>
internal sealed class LoadedGenerator(DcganGenerator generator, string weightsPath, Device device, IReadOnlyList<string>? classNames = null) : IDisposable
{
    /// <summary>A conditional generator's class names in label order (empty when unconditional).</summary>
    public IReadOnlyList<string> ClassNames { get; } = classNames ?? [];

    public DcganGenerator Generator { get; } = generator;

    public DcganArchitecture Architecture => Generator.Architecture;

    /// <summary>The file the weights were read from (the chosen netG_epoch_N.pth for a folder).</summary>
    public string WeightsPath { get; } = weightsPath;

    public Device Device { get; } = device;

    public void Dispose() => Generator.Dispose();
}
