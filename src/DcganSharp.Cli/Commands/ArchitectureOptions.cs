using System.CommandLine;
using DcganSharp.Checkpoints;
using DcganSharp.Generation;
using static DcganSharp.Cli.Commands.OptionFactory;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>The options of every command that loads a generator: architecture overrides and the device.</summary>
internal sealed class ArchitectureOptions
{
    readonly Option<int?> imageSize = Optional<int?>("--image-size", "Image size; inferred from the weights when absent", "--imageSize");
    readonly Option<int?> channels = Optional<int?>("--nc", "Image channels; inferred when absent");
    readonly Option<int?> nz = Optional<int?>("--nz", "Latent size; inferred when absent");
    readonly Option<int?> ngf = Optional<int?>("--ngf", "Generator feature width; inferred when absent");
    readonly Option<string> device = WithDefault("--device", "cpu | cuda | cuda:N | auto", "auto");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { imageSize, channels, nz, ngf, device })
            command.Options.Add(option);
    }

    public ArchitectureOverrides Overrides(ParseResult parsed) =>
        new(parsed.GetValue(imageSize), parsed.GetValue(channels), parsed.GetValue(nz), parsed.GetValue(ngf));

    public Device Device(ParseResult parsed) => TrainCommand.ResolveDevice(parsed.GetValue(device)!);

    /// <summary>Loads the generator at <paramref name="path"/> and says what was loaded.</summary>
    public LoadedGenerator Load(ParseResult parsed, string path, TextWriter output)
    {
        var loaded = GeneratorLoader.Default.Load(path, Overrides(parsed), Device(parsed));
        var a = loaded.Architecture;
        output.WriteLine($"Generator: {loaded.WeightsPath} ({a.ImageSize}x{a.ImageSize}x{a.Channels}, nz={a.LatentSize}, ngf={a.GeneratorFeatures}) on {loaded.Device}{BestNote(loaded.WeightsPath)}");
        return loaded;
    }

    // netG_best.pth is what a run folder gives when it has one: say which measurement chose it.
    static string BestNote(string weightsPath)
    {
        if (!string.Equals(System.IO.Path.GetFileName(weightsPath), BestGenerator.FileName, StringComparison.Ordinal))
            return "";
        return BestGenerator.Read(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(weightsPath))!) is { } record
            ? $"; the run's best generator, {record}"
            : "; the run's best generator";
    }
}
