using System.CommandLine;
using DcganSharp.Generation;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// The options every generating command shares: the generator to load (file or training folder),
/// architecture overrides, device, batch size and BatchNorm mode.
/// </summary>
/// <param name="optional">Whether the generator argument may be left out.</param>
/// <param name="classes">Whether the command takes --class (the classes a conditional generator draws).</param>
internal sealed class GeneratorOptions(bool optional = false, bool classes = false)
{
    public const string GeneratorDescription =
        "Generator weights: a netG .pth (pytorch/examples or dcgan train), a dcgan checkpoint, a TorchSharp weights file, or a training --outf folder (its netG_best.pth, the generator --eval-every measured best, if it has one; else its checkpoint.pt, whose generator average is preferred; else its latest netG_ema_epoch_N.pth or netG_epoch_N.pth)";

    readonly Argument<string> generator = new("generator")
    {
        Description = GeneratorDescription,
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
    };
    readonly ArchitectureOptions architecture = new();
    readonly Option<int> batchSize = WithDefault("--batch-size", "Images generated per forward pass", 64, "-b", "--batchSize");
    readonly Option<bool> trainModeBatchNorm = Flag("--train-mode-bn",
        "Normalise with each batch's own statistics, as pytorch/examples does when it draws samples; by default BatchNorm uses its running statistics (eval mode), so an image depends only on its code");

    readonly Option<string[]> classOption = new("--class")
    {
        Description = "Class(es) of a conditional generator (dcgan train --conditional) to draw, by name or number (e.g. 7, or seven for a folder " +
            "named so); several, repeated or comma-separated, are drawn in turn; walks and arithmetic keep to the first. Default: every class in turn",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(generator);
        architecture.AddTo(command);
        foreach (var option in new Option[] { batchSize, trainModeBatchNorm })
            command.Options.Add(option);
        if (classes)
            command.Options.Add(classOption);
    }

    /// <summary>The labels --class asks for, resolved against the generator's classes; null when not given.</summary>
    public IReadOnlyList<int>? Classes(ParseResult parsed, LoadedGenerator loaded)
    {
        if (!classes || parsed.GetValue(classOption) is not { Length: > 0 } given)
            return null;
        // A whole value that names a class wins over splitting it at commas.
        var requested = given.SelectMany(text => loaded.ClassNames.Contains(text.Trim()) ? [text] : text.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        return ClassSelection.Resolve(requested, loaded.ClassNames, "--class", $"generator '{loaded.WeightsPath}'");
    }

    /// <summary>The generator path given, or null (only when the argument is optional).</summary>
    public string? Path(ParseResult parsed) => string.IsNullOrWhiteSpace(parsed.GetValue(generator)) ? null : parsed.GetValue(generator);

    /// <summary>The --image-size given, if any.</summary>
    public int? ImageSize(ParseResult parsed) => architecture.Overrides(parsed).ImageSize;

    /// <summary>The --nc given, if any.</summary>
    public int? Channels(ParseResult parsed) => architecture.Overrides(parsed).Channels;

    /// <summary>The --device choice as a TorchSharp device.</summary>
    public TorchSharp.torch.Device Device(ParseResult parsed) => architecture.Device(parsed);

    public int BatchSize(ParseResult parsed)
    {
        var value = parsed.GetValue(batchSize);
        if (value is < 1 or > 65536)
            throw DcganException.Usage($"--batch-size must be 1 to 65536, got {value}");
        return value;
    }

    /// <summary>Loads the generator and says what was loaded.</summary>
    public LoadedGenerator Load(ParseResult parsed, TextWriter output)
    {
        var batch = BatchSize(parsed);
        if (parsed.GetValue(trainModeBatchNorm) && batch < 2)
            throw DcganException.Usage("--train-mode-bn needs --batch-size 2 or more (BatchNorm over one image is undefined)");
        var path = Path(parsed) ?? throw DcganException.Usage("no generator given; pass a netG .pth or a training --outf folder");
        return architecture.Load(parsed, path, output);
    }

    /// <summary>A sampler for the loaded generator, drawing the classes --class asks for.</summary>
    public ImageSampler Sampler(ParseResult parsed, LoadedGenerator loaded)
    {
        var labels = Classes(parsed, loaded);
        var sampler = new ImageSampler(loaded, parsed.GetValue(trainModeBatchNorm));
        if (labels is not null)
            sampler.Classes = labels;
        return sampler;
    }
}
