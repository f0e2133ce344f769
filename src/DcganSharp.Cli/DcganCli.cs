using System.CommandLine;
using DcganSharp.Cli.Commands;

namespace DcganSharp.Cli;

/// <summary>The `dcgan` command tree, and the one place where failures become messages and exit codes.</summary>
internal static class DcganCli
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
        root.Subcommands.Add(ServeCommand.Create(output, errors));
        root.Subcommands.Add(DataCommand.Create(output, errors));
        root.Subcommands.Add(EvaluateCommand.Create(output, errors));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        // A command that computes says once why its convolutions are not libtorch's own, when they are not.
        Interop.OneDnnKernels.DefaultLog = errors.WriteLine;
        var root = Build(output, errors);
        if (args.Length == 0)
        {
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = errors });
            return ExitCodes.Usage;
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line: the first problem, and where to read about the flags.
            var command = parsed.CommandResult.Command == root ? "dcgan" : $"dcgan {CommandPath(parsed.CommandResult)}";
            var more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more problem(s))" : "";
            // What the user typed wrong (an unknown word, a value that does not parse) explains the
            // rest ("required option missing") best, so it goes first.
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
                ?? parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Cannot parse", StringComparison.Ordinal))
                ?? parsed.Errors[0];
            errors.WriteLine($"error: {Plain(FirstLine(first.Message)).TrimEnd('.')}{more}; see '{command} --help'");
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Writes outside AtomicFile (metrics.csv appends, TensorBoard events) land here.
            errors.WriteLine($"error: {FirstLine(e.Message)}; free disk space or fix permissions, or choose another --outf (completed outputs and checkpoints were left intact)");
            return ExitCodes.Failure;
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

    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'x' for option '--nz' as expected type
    /// 'System.Nullable`1[System.Int32]'" in users' words: "--nz expects a whole number, got 'x'".
    /// </summary>
    internal static string Plain(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message,
            @"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'");
        if (!match.Success)
            return message;
        var type = match.Groups["type"].Value;
        var wanted = type.Contains("System.Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("System.Double", StringComparison.Ordinal) || type.Contains("System.Single", StringComparison.Ordinal) ? "a number"
            : type.Contains("System.Boolean", StringComparison.Ordinal) ? "true or false"
            : $"a value of type {type}";
        return $"{match.Groups["option"].Value} expects {wanted}, got '{match.Groups["value"].Value}'";
    }

    static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
