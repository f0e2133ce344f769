using System.CommandLine;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan data`: fetch, inspect and export datasets.</summary>
internal static class DataCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var command = new Command("data", "Download, inspect and export training data");
        command.Subcommands.Add(DataFetchCommand.Create(output, errors));
        command.Subcommands.Add(DataInfoCommand.Create(output, errors));
        command.Subcommands.Add(DataExportCommand.Create(output, errors));
        return command;
    }
}
