using System.Globalization;
using System.Text.Json;
using DcganSharp.IO;

namespace DcganSharp.Checkpoints;

/// <summary>
/// The generator a run measured best (lowest FID during `train --eval-every`), kept as
/// netG_best.pth with this record beside it in netG_best.json and in every checkpoint, so that a
/// resumed run knows the FID to beat. FIDs of different judges are different measures: a record
/// counts only for its own judge.
/// </summary>
/// <param name="Judge">What the FID is called ("FID-ResNet18", "FID-LeNet", "FID").</param>
/// <param name="Fid">The lowest FID measured.</param>
/// <param name="GlobalStep">Iterations done when it was measured.</param>
/// <param name="Epoch">The epoch it was measured in (0-based).</param>
internal sealed record BestGenerator(string Judge, double Fid, long GlobalStep, int Epoch)
{
    /// <summary>The weights: a state_dict of the generator (the average under the quality recipe), like netG_ema_epoch_N.pth.</summary>
    public const string FileName = "netG_best.pth";

    /// <summary>This record beside the weights.</summary>
    public const string RecordName = "netG_best.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One line for messages: "FID-ResNet18 12.34 at step 4000 (epoch 3)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Judge} {Fid:F2} at step {GlobalStep} (epoch {Epoch})");

    /// <summary>The record in <paramref name="folder"/>'s netG_best.json; null when absent or unreadable (the checkpoint's copy then counts).</summary>
    public static BestGenerator? Read(string folder)
    {
        var path = Path.Combine(folder, RecordName);
        try
        {
            return File.Exists(path) && JsonSerializer.Deserialize<BestGenerator>(File.ReadAllText(path), Json) is { Judge.Length: > 0 } record && double.IsFinite(record.Fid)
                ? record
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes netG_best.json into <paramref name="folder"/>, atomically.</summary>
    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, RecordName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The better of two records of the same judge (the lower FID); a record of another judge does not count.</summary>
    public static BestGenerator? Better(BestGenerator? a, BestGenerator? b) =>
        a is null ? b : b is null || b.Judge != a.Judge || a.Fid <= b.Fid ? a : b;
}
