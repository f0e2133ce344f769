using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// Loads a generator from whatever the user points at: a PyTorch or TorchSharp state_dict file, or a
/// training output folder (its netG_best.pth, else its checkpoint.pt, else its latest netG_epoch_N.pth;
/// <see cref="GeneratorPath"/>). The architecture is inferred from the
/// weights' shapes, optionally overridden, and the weights are then loaded strictly.
/// </summary>
/// <remarks>
/// New kinds of files (e.g. training checkpoints holding the generator under "netG") are added as an
/// <see cref="IGeneratorWeightsSource"/> placed before <see cref="StateDictWeightsSource"/> in
/// <see cref="DefaultSources"/>.
/// </remarks>
internal sealed class GeneratorLoader(IReadOnlyList<IGeneratorWeightsSource> sources)
{
    /// <summary>The sources every command uses, most specific first.</summary>
    public static IReadOnlyList<IGeneratorWeightsSource> DefaultSources { get; } = [new CheckpointWeightsSource(), new StateDictWeightsSource()];

    public static GeneratorLoader Default { get; } = new(DefaultSources);

    /// <param name="path">A weights file or a training output folder.</param>
    /// <param name="overrides">Architecture values to use instead of the inferred ones.</param>
    /// <param name="device">Where the generator runs; the CPU when null.</param>
    /// <param name="role">How messages name the input, e.g. "generator" or "--netG".</param>
    public LoadedGenerator Load(string path, ArchitectureOverrides? overrides = null, Device? device = null, string role = "generator")
    {
        OneDnnKernels.EnsureVerified();
        var file = GeneratorPath.Resolve(path, role);
        var tensors = ReadStateDict(file, role);
        try
        {
            var what = $"{role} file '{file}'";
            var architecture = (overrides ?? ArchitectureOverrides.None).ApplyTo(ArchitectureInference.InferGenerator(tensors, what));
            var generator = new DcganGenerator(architecture);
            try
            {
                // Only the loading commands' architecture flags can make inferred shapes disagree.
                StateDictFile.LoadInto(generator, tensors, what, $"a generator for {architecture}", "check --image-size, --nz, --ngf/--ndf and the channel count");
                device ??= CPU;
                generator.to(device);
                var classNames = architecture.Conditional ? Checkpoints.ClassNamesFile.For(file, architecture.Classes) : null;
                return new LoadedGenerator(generator, file, device, classNames);
            }
            catch
            {
                generator.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }

    Dictionary<string, Tensor> ReadStateDict(string file, string role)
    {
        foreach (var source in sources)
        {
            if (source.TryRead(file, role) is { } tensors)
                return tensors;
        }
        throw new DcganException($"{role} file '{file}' is not a format dcgan can read; give a netG .pth state_dict or a TorchSharp weights file");
    }
}
