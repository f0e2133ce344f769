using System.Diagnostics;
using Xunit;

namespace DcganSharp.Tests.Support;

/// <summary>Runs ONNX's own checker (Debian's python3-onnx under /usr/bin/python3) on exported models.</summary>
public static class PythonOnnx
{
    const string Python = "/usr/bin/python3";

    static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python))
            return $"{Python} not found";
        var (code, output) = Run(["-c", "import onnx"]);
        return code == 0 ? null : $"python3-onnx is not importable ({output.Trim()}); install it with apt-get install python3-onnx (./run-tests does)";
    });

    /// <summary>Skips the calling test, saying why, when python3-onnx is not installed.</summary>
    public static void SkipIfMissing() => Skip.If(Missing.Value is not null, Missing.Value);

    /// <summary>
    /// Runs onnx.checker.check_model(full_check=True) on each model (shape inference included) and
    /// returns, per model, its ir_version, opset and metadata_props as ONNX reads them.
    /// </summary>
    public static IReadOnlyList<string> Check(IEnumerable<string> models)
    {
        const string script = """
            import json, sys, onnx
            for path in sys.argv[1:]:
                model = onnx.load(path)
                onnx.checker.check_model(model, full_check=True)
                print(json.dumps({"ir": model.ir_version, "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")],
                                  "metadata": {p.key: p.value for p in model.metadata_props}}, sort_keys=True))
            """;
        var paths = models.ToList();
        var (code, output) = Run(["-c", script, .. paths]);
        Assert.True(code == 0, $"onnx.checker failed ({code}):\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Count, lines.Length);
        return lines;
    }

    static (int Code, string Output) Run(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
