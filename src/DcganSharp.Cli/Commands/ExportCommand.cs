using System.CommandLine;
using DcganSharp.Export;
using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>
/// `dcgan export`: converts netG/netD weights between PyTorch .pth and TorchSharp's native format,
/// or writes a generator as an ONNX model (--to onnx) or as a static page that runs it in the browser (--to web).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var input = new Argument<string>("weights")
        {
            Description = "pth/torchsharp: a netG or netD file in either format (told apart by content); onnx/web: a generator as `sample` takes it: "
                          + "a run folder (its generator average under the quality recipe), a checkpoint, or a netG .pth (ours or pytorch/examples')",
        };
        var to = new Option<string>("--to")
        {
            Description = "pth: a PyTorch state_dict (torch.load / load_state_dict); torchsharp: TorchSharp's module.save format (Module.load); "
                          + "onnx: an ONNX model of the generator (input z [N, nz, 1, 1], output images [N, C, H, W] in [-1, 1]) for ONNX Runtime; "
                          + "web: a folder with a page that draws images in the browser (the ONNX model and onnxruntime-web's files)",
            Required = true,
        };
        to.AcceptOnlyFromAmong("pth", "torchsharp", "onnx", "web");
        var outFile = new Option<string>("--out", "-o") { Description = "The file to write (--to web: the folder)", Required = true };
        var ortWeb = new Option<string?>("--ort-web")
        {
            Description = $"--to web: onnxruntime-web {OnnxRuntimeWeb.PinnedVersion} from this .tgz (npm pack {OnnxRuntimeWeb.Spec}) or unpacked package folder "
                          + "instead of the cache, npm or the npm registry",
        };

        var command = new Command("export", "Convert generator or discriminator weights between PyTorch (.pth) and TorchSharp formats, or export a generator to ONNX or a browser page")
        {
            input, to, outFile, ortWeb,
        };

        command.SetAction(parsed =>
        {
            var source = parsed.GetValue(input)!;
            var target = parsed.GetValue(outFile)!;
            var format = parsed.GetValue(to)!;
            if (parsed.GetValue(ortWeb) is not null && format != "web")
                throw DcganException.Usage("--ort-web only applies to --to web");
            return format switch
            {
                "onnx" => ToOnnx(source, target, output),
                "web" => ToWeb(source, target, parsed.GetValue(ortWeb), output, errors),
                _ => ConvertWeights(source, target, format == "torchsharp" ? WeightsFormat.TorchSharp : WeightsFormat.PyTorch, output),
            };
        });
        return command;
    }

    static int ToOnnx(string source, string target, TextWriter output)
    {
        using var loaded = GeneratorLoader.Default.Load(source);
        var provenance = GeneratorProvenance.Of(loaded);
        var model = GeneratorOnnxModel.Build(loaded.Generator, provenance);
        GeneratorOnnxModel.Save(model, target);
        output.WriteLine($"Wrote {Describe(loaded, provenance)} to {target} (ONNX opset {GeneratorOnnxModel.Opset}, {Megabytes(new FileInfo(target).Length)}; "
                         + $"input z [N, {loaded.Architecture.LatentSize}, 1, 1], output images [N, {loaded.Architecture.Channels}, {loaded.Architecture.ImageSize}, {loaded.Architecture.ImageSize}] in [-1, 1])");
        return ExitCodes.Success;
    }

    static int ToWeb(string source, string target, string? ortWeb, TextWriter output, TextWriter errors)
    {
        // Check the destination before the slow part (the runtime's download), and load the generator first: both fail fast.
        WebExport.CheckDestination(target);
        using var loaded = GeneratorLoader.Default.Load(source);
        var provenance = GeneratorProvenance.Of(loaded);
        var runtime = OnnxRuntimeWeb.Obtain(ortWeb, errors);
        var site = WebExport.Write(target, GeneratorOnnxModel.Build(loaded.Generator, provenance), loaded.Architecture, provenance, runtime);
        var folder = Path.TrimEndingDirectorySeparator(target);
        output.WriteLine($"Wrote {Describe(loaded, provenance)} as a web page to {folder}/ ({site.Files} files, {Megabytes(site.Bytes)}, onnxruntime-web {runtime.Version}); "
                         + $"serve the folder with any static web server, e.g. python3 -m http.server -d {folder}, and open it");
        return ExitCodes.Success;
    }

    static string Describe(LoadedGenerator loaded, GeneratorProvenance provenance)
    {
        var a = loaded.Architecture;
        var weights = provenance.Weights is null ? "" : $", {provenance.Weights} weights";
        return $"generator {a.ImageSize}x{a.ImageSize}x{a.Channels}, nz={a.LatentSize}, ngf={a.GeneratorFeatures} from {provenance.Source}{weights}";
    }

    static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    static int ConvertWeights(string source, string target, WeightsFormat format, TextWriter output)
    {
        var what = $"weights file '{source}'";
        var tensors = StateDictFile.Read(source, "weights");
        try
        {
            var (role, architecture) = ArchitectureInference.Infer(tensors, what);
            using nn.Module<Tensor, Tensor> network = role == NetworkRole.Generator
                ? new DcganGenerator(architecture)
                : new DcganDiscriminator(architecture);
            StateDictFile.LoadInto(network, tensors, what);
            StateDictFile.Save(network, target, format);
            var a = architecture;
            var shape = role == NetworkRole.Generator
                ? $"generator {a.ImageSize}x{a.ImageSize}x{a.Channels}, nz={a.LatentSize}, ngf={a.GeneratorFeatures}"
                : $"discriminator {a.ImageSize}x{a.ImageSize}x{a.Channels}, ndf={a.DiscriminatorFeatures}";
            var how = format == WeightsFormat.TorchSharp ? "TorchSharp format: module.load(path)" : "PyTorch state_dict: net.load_state_dict(torch.load(path))";
            output.WriteLine($"Wrote {shape} to {target} ({how})");
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
        return ExitCodes.Success;
    }
}
