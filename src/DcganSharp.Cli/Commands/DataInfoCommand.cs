using System.CommandLine;
using DcganSharp.Data;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan data info PATH`: what a dataset folder or file holds, and what in it cannot be read.</summary>
internal static class DataInfoCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var path = new Argument<string>("path")
        {
            Description = "An image folder, a CelebA root, a CIFAR-10 folder or .bin batch, MNIST-family IDX files (folder or file), or one image",
        };
        var workers = WithDefault("--workers", "Threads decoding images to check them", Math.Max(1, Environment.ProcessorCount), "-j");
        var list = WithDefault("--list", "Most unreadable files to name", 20);
        var command = new Command("info", "Describe a dataset: image count, sizes, formats, modes, unreadable and ignored files") { path, workers, list };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(workers) is var threads && threads < 1)
                throw DcganException.Usage($"--workers must be at least 1, got {threads}");
            if (parsed.GetValue(list) is var limit && limit < 0)
                throw DcganException.Usage($"--list must be 0 or more, got {limit}");
            DatasetInspector.Inspect(parsed.GetValue(path)!, output, threads, limit);
            return ExitCodes.Success;
        });
        return command;
    }
}
