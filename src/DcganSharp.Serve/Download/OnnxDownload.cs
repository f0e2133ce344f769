using DcganSharp.Checkpoints;
using DcganSharp.Export;
using DcganSharp.Generation;
using Google.Protobuf;

namespace DcganSharp.Serve.Download;

/// <summary>
/// The served generator as an ONNX model (what `dcgan export --to onnx` writes for the same input),
/// made once at start-up, before any worker runs the network, and kept in memory for
/// GET /api/model.onnx: about as large as the generator's weights.
/// </summary>
internal sealed class OnnxDownload
{
    public const string Route = "/api/model.onnx";

    OnnxDownload(string fileName, byte[] bytes, GeneratorProvenance provenance) => (FileName, Bytes, Provenance) = (fileName, bytes, provenance);

    /// <summary>The name the browser saves it under: the weights file's, or the run folder's for a checkpoint.</summary>
    public string FileName { get; }

    public byte[] Bytes { get; }

    /// <summary>Which weights it holds (the file, the average or the generator itself) and what the run recorded.</summary>
    public GeneratorProvenance Provenance { get; }

    public static OnnxDownload Create(LoadedGenerator loaded)
    {
        var provenance = GeneratorProvenance.Of(loaded);
        var bytes = GeneratorOnnxModel.Build(loaded.Generator, provenance).ToByteArray();
        var path = Path.GetFullPath(loaded.WeightsPath);
        var name = TrainingCheckpoint.IsCheckpointFile(path)
            ? $"{Path.GetFileName(Path.GetDirectoryName(path))}-{Path.GetFileNameWithoutExtension(path)}"
            : Path.GetFileNameWithoutExtension(path);
        return new OnnxDownload(SafeName(name) + ".onnx", bytes, provenance);
    }

    // The name goes into a Content-Disposition header: keep it to characters every browser saves as they are.
    static string SafeName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Trim('.');
        return safe.Length == 0 ? "generator" : safe;
    }
}
