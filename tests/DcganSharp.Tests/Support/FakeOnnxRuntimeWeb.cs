using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace DcganSharp.Tests.Support;

/// <summary>A tarball in the layout of the npm package onnxruntime-web (package/package.json, package/dist/...), with stand-in files.</summary>
internal static class FakeOnnxRuntimeWeb
{
    public static readonly string[] DistFiles = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

    /// <param name="name">The package name package.json gives.</param>
    /// <param name="omit">A dist file to leave out.</param>
    public static string WriteTarball(string path, string name = "onnxruntime-web", string version = "1.30.0", string? omit = null)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        Add(tar, "package/package.json", $$"""{ "name": "{{name}}", "version": "{{version}}", "license": "MIT" }""");
        Add(tar, "package/dist/ort.min.js", "// another build, not shipped");
        foreach (var dist in DistFiles.Where(f => f != omit))
            Add(tar, $"package/dist/{dist}", Content(dist));
        return path;
    }

    /// <summary>What the stand-in for <paramref name="distFile"/> holds.</summary>
    public static string Content(string distFile) => $"// stand-in for {distFile}";

    static void Add(TarWriter tar, string entryName, string content) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
}
