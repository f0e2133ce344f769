using System.CommandLine;
using DcganSharp.Cli;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Cli;

/// <summary>
/// Every flag of every command, given a value of the wrong type, is a usage error: exit code 2
/// and one line that starts with "error:" and names the flag.
/// </summary>
public sealed class BadInputSweepTests
{
    public static TheoryData<string, string, string> NumericOptions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, option) in AllOptions(DcganCli.Build(TextWriter.Null, TextWriter.Null), ""))
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (type == typeof(int) || type == typeof(long))
                data.Add(path, option.Name, "a whole number");
            else if (type == typeof(double) || type == typeof(float))
                data.Add(path, option.Name, "a number");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NumericOptions))]
    public void A_word_where_a_number_belongs_is_a_one_line_usage_error(string command, string option, string wanted)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(option).Append("twelve").ToArray();
        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains($"{option} expects {wanted}, got 'twelve'", line);
        Assert.DoesNotContain("System.", line);   // no .NET type names
        Assert.Empty(result.Output);
    }

    [Fact]
    public void The_sweep_covers_every_command()
    {
        var commands = NumericOptions().Select(row => (string)row[0]).Distinct().ToArray();
        Assert.Contains("train", commands);
        Assert.Contains("sample", commands);
        Assert.Contains("interpolate", commands);
        Assert.Contains("arithmetic", commands);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("train --dataset fake --unknown-flag")]
    [InlineData("sample")]
    [InlineData("export")]
    public void Unknown_words_and_missing_arguments_are_one_line_usage_errors(string commandLine)
    {
        var result = CliRunner.Run(commandLine.Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void No_arguments_shows_help_and_is_a_usage_error()
    {
        var result = CliRunner.Run();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("train", result.Errors);
    }

    static IEnumerable<(string Path, Option Option)> AllOptions(Command command, string path)
    {
        foreach (var option in command.Options.Where(o => o.Name is not "--help" and not "--version"))
            yield return (path, option);
        foreach (var sub in command.Subcommands)
        {
            foreach (var item in AllOptions(sub, $"{path} {sub.Name}".Trim()))
                yield return item;
        }
    }
}
