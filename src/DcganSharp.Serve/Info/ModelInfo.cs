using System.Globalization;
using System.Text.RegularExpressions;
using DcganSharp.Checkpoints;
using DcganSharp.Export;
using DcganSharp.Generation;
using DcganSharp.Serve.Download;

namespace DcganSharp.Serve.Info;

/// <summary>What GET /api/info reports about the generator being served; gathered once at start-up.</summary>
/// <param name="File">The weights file's name (not its path: the page need not learn the server's folders).</param>
/// <param name="Kind">"checkpoint" for a dcgan training checkpoint, "weights" for a state_dict file.</param>
/// <param name="Epoch">Epochs completed when the checkpoint was saved; null for plain weights.</param>
/// <param name="Epochs">Epochs the run was asked for; null for plain weights.</param>
internal sealed partial record ModelInfo(
    string File,
    string Kind,
    string Device,
    ArchitectureInfo Architecture,
    string? Dataset,
    int? Epoch,
    int? Epochs,
    long? GlobalStep,
    FidMeasurement? Fid,
    OnnxInfo Onnx,
    LimitsInfo Limits)
{
    /// <summary>A conditional generator's class names, class number i being Classes[i]; null when unconditional.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Reads the training state when the weights came from a checkpoint, and the run folder's FID if it has one.</summary>
    public static ModelInfo Gather(LoadedGenerator loaded, ServeSettings settings, OnnxDownload onnx) =>
        Read(loaded, settings, onnx) with { Classes = loaded.ClassNames.Count > 0 ? loaded.ClassNames : null };

    static ModelInfo Read(LoadedGenerator loaded, ServeSettings settings, OnnxDownload onnx)
    {
        var onnxInfo = new OnnxInfo(OnnxDownload.Route, onnx.FileName, onnx.Bytes.Length, GeneratorOnnxModel.Opset, onnx.Provenance.Source, onnx.Provenance.Weights);
        var a = loaded.Architecture;
        var architecture = new ArchitectureInfo(a.ImageSize, a.Channels, a.LatentSize, a.GeneratorFeatures);
        var limits = new LimitsInfo(ServeSettings.MaxCount, ServeSettings.MinSteps, ServeSettings.MaxSteps, settings.RateLimitPerMinute);
        var folder = Path.GetDirectoryName(Path.GetFullPath(loaded.WeightsPath))!;
        var (file, device) = (Path.GetFileName(loaded.WeightsPath), loaded.Device.ToString());
        if (file == BestGenerator.FileName)
        {
            // The run's best generator: its own measurement, from netG_best.json beside it.
            var record = BestGenerator.Read(folder);
            var best = record is null ? null : new FidMeasurement(record.Fid, record.GlobalStep, record.Judge);
            return new(file, "weights", device, architecture, null, null, null, null, best, onnxInfo, limits);
        }
        if (!TrainingCheckpoint.IsCheckpointFile(loaded.WeightsPath))
        {
            // Which FID belongs to plain weights is known only from the reference's file name.
            var match = EpochFile().Match(file);
            var fid = match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                ? FidSidecar.Read(folder, maxStep: null, maxEpoch: epoch)
                : null;
            return new(file, "weights", device, architecture, null, null, null, null, fid, onnxInfo, limits);
        }

        // The loader has already read (and verified) this file, so a failure here is not expected.
        using var checkpoint = TrainingCheckpoint.Load(loaded.WeightsPath);
        var progress = checkpoint.Progress;
        return new(file, "checkpoint", device, architecture, checkpoint.Config.Options.Dataset is { } dataset ? Spelling.Of(dataset) : null, progress.Epoch, checkpoint.Config.Options.Epochs,
            progress.GlobalStep, FidSidecar.Read(folder, maxStep: progress.GlobalStep, maxEpoch: null), onnxInfo, limits);
    }

    [GeneratedRegex(@"^netG_epoch_(\d+)\.pth$")]
    private static partial Regex EpochFile();
}
