using System.Reflection;
using System.Text.Json.Serialization;

namespace DcganSharp.Training;

/// <summary>The part of <see cref="DcganOptions"/> that checkpoints keep: every property without [JsonIgnore] (those left out only at their default are kept).</summary>
internal static class StoredSettings
{
    public static IReadOnlyList<PropertyInfo> Properties { get; } = typeof(DcganOptions).GetProperties()
        .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
        .ToArray();

    public static ResumeRule RuleOf(PropertyInfo property) => property.GetCustomAttribute<OnResumeAttribute>()?.Rule ?? ResumeRule.Replace;

    public static bool IsPath(PropertyInfo property) => property.GetCustomAttribute<StoredAsFullPathAttribute>() is not null;

    /// <summary>The options as a checkpoint stores them: with the seed the run drew, its data's channels, and absolute paths.</summary>
    public static DcganOptions ForCheckpoint(DcganOptions options, int seed, int channels)
    {
        var stored = options with { Seed = seed, Channels = channels };
        foreach (var property in Properties.Where(IsPath))
            property.SetValue(stored, FullPath((string?)property.GetValue(stored)));
        return stored;
    }

    public static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    /// <summary>
    /// The settings of <paramref name="options"/> that differ from their defaults: what a caller
    /// in code gave, the way <see cref="DcganOptions.Explicit"/> lists what a command line gave.
    /// </summary>
    public static IReadOnlySet<string> SetAwayFromDefaults(DcganOptions options) =>
        typeof(DcganOptions).GetProperties().Where(p => p.CanWrite && !Equals(p.GetValue(options), p.GetValue(DcganOptions.Defaults))).Select(p => p.Name).ToHashSet();
}
