using System.Diagnostics;
using Xunit;

namespace DcganSharp.Tests.Support;

/// <summary>Runs the reference PyTorch (Debian's python3-torch under /usr/bin/python3) for interop tests.</summary>
public static class PythonTorch
{
    const string Python = "/usr/bin/python3";

    static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python))
            return $"{Python} not found";
        var (code, output) = Run("-c \"import torch\"", Patience.Hang);
        return code == 0 ? null : $"python3-torch is not importable ({output.Trim()}); install it with apt-get install python3-torch";
    });

    /// <summary>Skips the calling test, saying why, when PyTorch is not installed (.ci/run installs it).</summary>
    public static void SkipIfMissing() => Skip.If(Missing.Value is not null, Missing.Value);

    public static string Script(string name) => Path.Combine(FixturePaths.Root, "python", name);

    /// <summary>Runs python3 with <paramref name="arguments"/>; asserts exit code 0 and returns its output.</summary>
    public static string RunScript(string script, params string[] arguments)
    {
        var quoted = string.Join(' ', new[] { script }.Concat(arguments).Select(a => $"\"{a}\""));
        var (code, output) = Run(quoted, Patience.LongHang);
        Assert.True(code == 0, $"python3 {quoted} failed ({code}):\n{output}");
        return output;
    }

    static (int Code, string Output) Run(string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Debian's OpenBLAS 0.3.21 misdetects recent CPUs; this selects its fast kernels.
        info.Environment["OPENBLAS_CORETYPE"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "Cooperlake";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
