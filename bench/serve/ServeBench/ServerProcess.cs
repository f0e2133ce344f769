using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DcganSharp.Bench.Serve;

/// <summary>`dcgan serve` as a child process (dcgan.dll beside the bench) on 127.0.0.1 with a free port.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    ServerProcess(Process process) => this.process = process;

    public Uri Address { get; private set; } = null!;

    public int Id => process.Id;

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public static ServerProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dcgan.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        var server = new ServerProcess(Process.Start(info)!);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (ListeningOn().Match(server.Output) is not { Success: true } match)
        {
            if (server.process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new InvalidOperationException($"the server did not start:\n{server.Output}");
            Thread.Sleep(50);
        }
        server.Address = new Uri(ListeningOn().Match(server.Output).Groups[1].Value);
        return server;
    }

    /// <summary>The server's resident memory (VmRSS), in MiB.</summary>
    public double ResidentMiB()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>SIGTERM, as Ctrl+C or a service manager stops it; returns the exit code.</summary>
    public int Stop()
    {
        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return process.ExitCode;
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex ListeningOn();
}
