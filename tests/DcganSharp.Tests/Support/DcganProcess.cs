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

    DcganProcess(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static DcganProcess Start(params string[] args) => new(args);

    /// <summary>Starts dcgan with <paramref name="environment"/> changed (a null value removes the variable).</summary>
    public static DcganProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => new(args, environment);

    /// <summary>Runs to completion (bounded by <paramref name="timeout"/>) and returns the exit code and output.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, params string[] args) => Run(timeout, new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="Run(TimeSpan, string[])"/>, with <paramref name="environment"/> changed.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var p = Start(environment, args);
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
        if (!TrySignal(signal))
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed");
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process has already exited.</summary>
    public bool TrySignal(int signal) => !process.HasExited && Kill(process.Id, signal) == 0;

    /// <summary>
    /// Waits until the process reports a training iteration at or after global step
    /// <paramref name="step"/> (the reference's "[epoch/epochs][i/batches]" line, counted from 0)
    /// and returns the step it reported; null when it exits first or the time runs out. A process
    /// runs on while its output is read, so the step returned can lie well past the one asked for.
    /// </summary>
    public long? WaitForStep(long step, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var exited = process.HasExited;
            if (exited)
                process.WaitForExit(); // its last lines may still be in the pipes
            if (LatestStep() is { } latest && latest >= step)
                return latest;
            if (exited)
                return null;
            Thread.Sleep(20);
        }
        return null;
    }

    long? LatestStep()
    {
        long? latest = null;
        foreach (System.Text.RegularExpressions.Match m in IterationLine().Matches(Output))
            latest = long.Parse(m.Groups[1].Value) * long.Parse(m.Groups[3].Value) + long.Parse(m.Groups[2].Value);
        return latest;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[(\d+)/\d+\]\[(\d+)/(\d+)\] Loss_D", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex IterationLine();

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
