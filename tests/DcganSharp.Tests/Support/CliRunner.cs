using DcganSharp.Cli;
using Xunit;

namespace DcganSharp.Tests.Support;

/// <summary>Runs the dcgan CLI in-process and captures what it prints.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";

        /// <summary>Asserts the exit code and that stderr is exactly one "error: ..." line mentioning <paramref name="mentions"/>.</summary>
        public void AssertOneLineError(int exitCode, string mentions)
        {
            Assert.True(ExitCode == exitCode, ToString());
            var line = Assert.Single(Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line);
            Assert.Contains(mentions, line);
        }
    }

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = DcganCli.Run(args, output, errors);
        return new Result(code, output.ToString(), errors.ToString());
    }
}
