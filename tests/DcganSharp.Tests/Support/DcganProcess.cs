using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DcganSharp.Tests.Support;

/// <summary>Runs the real dcgan executable (built next to the tests) as a child process.</summary>
public sealed partial class DcganProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();
    readonly object gate = new();

    DcganProcess(string[] args)
    {
        // Through env, which resets SIGINT to its default and then becomes dotnet (same process id):
        // a test run started in the background (`./run-tests &`) inherits SIGINT ignored, and dcgan
        // then rightly ignores Ctrl+C, as every program started that way does.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dcgan.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static DcganProcess Start(params string[] args) => new(args);

    /// <summary>Runs to completion (bounded by <paramref name="timeout"/>) and returns the exit code and output.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, params string[] args)
    {
        using var p = Start(args);
        return (p.WaitForExit(timeout), p.Output);
    }

    public string Output
    {
        get
        {
            lock (gate)
                return output.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Waits until the output contains <paramref name="text"/>; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
                return true;
            if (process.HasExited)
            {
                // Its last lines may still be on their way through the pipes: read them to the end first.
                process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }
            Thread.Sleep(20);
        }
        return false;
    }

    public void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
    }

    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Waits for exit and returns the exit code; kills the process and fails after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dcgan did not exit within {timeout}; output:\n{Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (gate)
            output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
