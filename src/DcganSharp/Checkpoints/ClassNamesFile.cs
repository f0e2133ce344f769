using System.Text.Json;
using DcganSharp.IO;

namespace DcganSharp.Checkpoints;

/// <summary>
/// classes.json, beside a conditional run's weight files: the class names in label order
/// (<c>{"classes": ["0", "1", ...]}</c>), so that a netG_*.pth, which PyTorch must be able to
/// load as a plain state_dict, can still be sampled by class name. Checkpoints carry the names
/// in their configuration as well.
/// </summary>
internal static class ClassNamesFile
{
    public const string FileName = "classes.json";

    sealed record Content(IReadOnlyList<string> Classes);

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Writes the names into <paramref name="folder"/> (atomically).</summary>
    public static void Write(string folder, IReadOnlyList<string> names) =>
        AtomicFile.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(new Content(names), Json));

    /// <summary>
    /// The class names for the conditional weights in <paramref name="weightsPath"/>: from its
    /// checkpoint configuration, else the classes.json beside it, else the labels' numbers ("0", "1", ...).
    /// A classes.json that does not list <paramref name="classes"/> names is an error naming it.
    /// </summary>
    public static IReadOnlyList<string> For(string weightsPath, int classes)
    {
        if (TrainingCheckpoint.IsCheckpointFile(weightsPath))
        {
            using var checkpoint = TrainingCheckpoint.Load(weightsPath);
            if (checkpoint.Config.ClassNames is { } stored && stored.Count == classes)
                return stored;
        }
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weightsPath))!, FileName);
        if (File.Exists(beside))
        {
            IReadOnlyList<string>? names;
            try
            {
                names = JsonSerializer.Deserialize<Content>(File.ReadAllBytes(beside), Json)?.Classes;
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                throw new DcganException($"'{beside}' cannot be read as class names ({e.Message}); fix it or delete it to use the class numbers");
            }
            if (names is null || names.Count != classes || names.Any(string.IsNullOrWhiteSpace))
                throw new DcganException($"'{beside}' does not list {classes} class names for '{weightsPath}'; fix it or delete it to use the class numbers");
            return names;
        }
        return [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
