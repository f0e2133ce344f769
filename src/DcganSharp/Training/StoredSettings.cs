using System.Reflection;
using System.Text.Json.Serialization;

namespace DcganSharp.Training;

/// <summary>The part of <see cref="TrainingOptions"/> that checkpoints keep: every property without [JsonIgnore].</summary>
internal static class StoredSettings
{
    public static IReadOnlyList<PropertyInfo> Properties { get; } = typeof(TrainingOptions).GetProperties()
        .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
        .ToArray();

    public static ResumeRule RuleOf(PropertyInfo property) => property.GetCustomAttribute<OnResumeAttribute>()?.Rule ?? ResumeRule.Replace;

    public static bool IsPath(PropertyInfo property) => property.GetCustomAttribute<StoredAsFullPathAttribute>() is not null;

    /// <summary>The options as a checkpoint stores them: with the seed the run drew, its data's channels, and absolute paths.</summary>
    public static TrainingOptions ForCheckpoint(TrainingOptions options, int seed, int channels)
    {
        var stored = options with { Seed = seed, Channels = channels };
        foreach (var property in Properties.Where(IsPath))
            property.SetValue(stored, FullPath((string?)property.GetValue(stored)));
        return stored;
    }

    public static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);
}
