using System.CommandLine;
using DcganSharp.Generation;
using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan export`: converts netG/netD weights between PyTorch .pth and TorchSharp's native format.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var input = new Argument<string>("weights") { Description = "A netG or netD file in either format (told apart by content)" };
        var to = new Option<string>("--to")
        {
            Description = "pth: a PyTorch state_dict (torch.load / load_state_dict); torchsharp: TorchSharp's module.save format (Module.load)",
            Required = true,
        };
        to.AcceptOnlyFromAmong("pth", "torchsharp");
        var outFile = new Option<string>("--out", "-o") { Description = "The file to write", Required = true };

        var command = new Command("export", "Convert generator or discriminator weights between PyTorch (.pth) and TorchSharp formats")
        {
            input, to, outFile,
        };

        command.SetAction(parsed =>
        {
            var source = parsed.GetValue(input)!;
            var target = parsed.GetValue(outFile)!;
            var format = parsed.GetValue(to) == "torchsharp" ? WeightsFormat.TorchSharp : WeightsFormat.PyTorch;
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
        });
        return command;
    }
}
