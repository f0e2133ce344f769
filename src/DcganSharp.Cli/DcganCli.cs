using System.CommandLine;
using DcganSharp.Cli.Commands;

namespace DcganSharp.Cli;

/// <summary>The `dcgan` command tree, and the one place where failures become messages and exit codes.</summary>
public static class DcganCli
{
    public static RootCommand Build(TextWriter output, TextWriter errors)
    {
        var root = new RootCommand(
            "dcgan: train Deep Convolutional GANs (Radford et al. 2015) and generate images with them, on TorchSharp.\n" +
            "Mirrors pytorch/examples/dcgan: same networks, losses, optimiser, flags and outputs.");
        root.Subcommands.Add(TrainCommand.Create(output, errors));
        root.Subcommands.Add(SampleCommand.Create(output, errors));
        root.Subcommands.Add(InterpolateCommand.Create(output, errors));
        root.Subcommands.Add(ArithmeticCommand.Create(output, errors));
        root.Subcommands.Add(ExportCommand.Create(output, errors));
        root.Subcommands.Add(EvaluateCommand.Create(output, errors));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var root = Build(output, errors);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                errors.WriteLine($"error: {error.Message}");
            var command = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? ["dcgan"] : new[] { "dcgan", parsed.CommandResult.Command.Name });
            errors.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
        }
        catch (DcganException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.WriteLine($"error: unexpected failure: {e.GetType().Name}: {FirstLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("DCGAN_DEBUG") == "1")
                errors.WriteLine(e);
            else
                errors.WriteLine("Set DCGAN_DEBUG=1 for the full stack trace, and please report it.");
            return ExitCodes.Failure;
        }
    }

    static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
