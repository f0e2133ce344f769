using System.Diagnostics;
using Xunit;

namespace DcganSharp.Tests.Support;

/// <summary>The repository the tests run from, and child processes (dotnet pack, publish, ...) run in it as a fresh user would.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DcganSharp.slnx")))
                    return folder.FullName;
            }
            throw new InvalidOperationException($"no DcganSharp.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Runs a command to completion (or until <see cref="Patience.LongHang"/>) and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Start(string folder, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // The child is a fresh user's build: none of this test run's MSBuild or dotnet-test settings.
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "VSTEST_HOST_DEBUG" })
            info.Environment.Remove(variable);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience.LongHang))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {Patience.LongHang}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Like <see cref="Start"/>, and a non-zero exit fails the test with the output.</summary>
    public static string Run(string folder, string program, params string[] args)
    {
        var (code, output) = Start(folder, program, args);
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }
}
