using System.Text.Json;
using System.Text.Json.Nodes;
using DcganSharp.IO;
using DcganSharp.Models;
using Google.Protobuf;
using Onnx;

namespace DcganSharp.Export;

/// <summary>
/// `dcgan export --to web`: a folder that any static web server (or static host) can serve, whose
/// page draws images on the visitor's device: index.html, app.js, app.css, the ONNX model,
/// model.json (what the page shows about it) and onnxruntime-web's files under ort/. Nothing is
/// fetched from anywhere else; the page's Content-Security-Policy says so too. The folder is
/// written whole or not at all (<see cref="AtomicFolder"/>).
/// </summary>
internal static class WebExport
{
    public const string ModelFile = "generator.onnx";

    /// <summary>Describes the model to the page, and marks the folder as one this exporter wrote (and may replace).</summary>
    public const string DescriptionFile = "model.json";

    public const string Format = "dcgan-sharp web export";

    public const string RuntimeFolder = "ort";

    static readonly string[] PageFiles = ["index.html", "app.js", "app.css"];

    /// <summary>
    /// Refuses a destination that holds something other than an earlier export (it would be replaced
    /// whole), so a typo cannot swap out someone's folder.
    /// </summary>
    public static void CheckDestination(string folder)
    {
        if (File.Exists(folder))
            throw new DcganException($"--out '{folder}' is a file; --to web writes a folder: choose a new folder name");
        if (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any())
            return;
        if (!IsExport(folder))
            throw new DcganException($"--out '{folder}' already holds files that are not a dcgan web export; choose a new or empty folder (an earlier export there would be replaced)");
    }

    static bool IsExport(string folder)
    {
        try
        {
            var description = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, DescriptionFile)));
            return description?["format"]?.GetValue<string>() == Format;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Writes the site; returns how many files it holds and their total size.</summary>
    public static (int Files, long Bytes) Write(string folder, ModelProto model, DcganArchitecture architecture, GeneratorProvenance provenance, OnnxRuntimeWeb runtime)
    {
        CheckDestination(folder);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in PageFiles)
            files[name] = PageFile(name);
        files[ModelFile] = model.ToByteArray();
        files[DescriptionFile] = Description(architecture, provenance, runtime);
        foreach (var (name, bytes) in runtime.Files)
            files[$"{RuntimeFolder}/{name}"] = bytes;
        files[$"{RuntimeFolder}/NOTICE.txt"] = System.Text.Encoding.UTF8.GetBytes(
            $"The files in this folder are ONNX Runtime Web {runtime.Version} (dist/ of the npm package {OnnxRuntimeWeb.PackageName}@{runtime.Version}),\n" +
            "Copyright (c) Microsoft Corporation, licensed under the MIT License: https://github.com/microsoft/onnxruntime/blob/main/LICENSE\n");

        AtomicFolder.Write(folder, temp =>
        {
            foreach (var (name, bytes) in files)
            {
                var path = Path.Combine(temp, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
        });
        return (files.Count, files.Values.Sum(b => (long)b.Length));
    }

    static byte[] Description(DcganArchitecture a, GeneratorProvenance provenance, OnnxRuntimeWeb runtime)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in GeneratorOnnxModel.Metadata(a, provenance))
            metadata[key] = value;
        var description = new JsonObject
        {
            ["format"] = Format,
            ["model"] = ModelFile,
            ["input"] = GeneratorOnnxModel.InputName,
            ["output"] = GeneratorOnnxModel.OutputName,
            ["nz"] = a.LatentSize,
            ["imageSize"] = a.ImageSize,
            ["channels"] = a.Channels,
            ["ngf"] = a.GeneratorFeatures,
            ["opset"] = GeneratorOnnxModel.Opset,
            ["runtime"] = $"{OnnxRuntimeWeb.PackageName} {runtime.Version}",
            ["metadata"] = metadata,
        };
        return JsonSerializer.SerializeToUtf8Bytes(description, new JsonSerializerOptions { WriteIndented = true });
    }

    static byte[] PageFile(string name) => EmbeddedResource.ReadAllBytes(typeof(WebExport).Assembly, $"DcganSharp.Export.WebPage.{name}");
}
