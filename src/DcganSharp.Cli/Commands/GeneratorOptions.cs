using System.CommandLine;
using DcganSharp.Generation;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// The options every generating command shares: the generator to load (file or training folder),
/// architecture overrides, device, batch size and BatchNorm mode.
/// </summary>
internal sealed class GeneratorOptions(bool optional = false)
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

    public void AddTo(Command command)
    {
        command.Arguments.Add(generator);
        architecture.AddTo(command);
        foreach (var option in new Option[] { batchSize, trainModeBatchNorm })
            command.Options.Add(option);
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

    public ImageSampler Sampler(ParseResult parsed, LoadedGenerator loaded) => new(loaded, parsed.GetValue(trainModeBatchNorm));
}
