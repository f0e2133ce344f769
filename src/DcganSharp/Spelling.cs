using System.Collections.Concurrent;
using System.Reflection;

namespace DcganSharp;

/// <summary>The words of an enum whose members carry <see cref="SpelledAttribute"/>: parsed loosely, written canonically.</summary>
internal static class Spelling
{
    sealed record Words(IReadOnlyList<(Enum Value, IReadOnlyList<string> Shown, IReadOnlyList<string> Accepted)> Members);

    static readonly ConcurrentDictionary<Type, Words> Cache = new();

    /// <summary>True for enums whose members are spelled.</summary>
    public static bool IsSpelled(Type type) => type.IsEnum && type.GetFields(BindingFlags.Public | BindingFlags.Static).All(f => f.IsDefined(typeof(SpelledAttribute)));

    /// <summary>The canonical word of <paramref name="value"/>, e.g. "fashion-mnist".</summary>
    public static string Of(Enum value) =>
        WordsOf(value.GetType()).Members.FirstOrDefault(m => m.Value.Equals(value)).Shown?[0] ?? value.ToString().ToLowerInvariant();

    /// <summary>
    /// The value <paramref name="text"/> spells (case, surrounding spaces and '_' for '-' do not
    /// matter), or null.
    /// </summary>
    public static T? Parse<T>(string text) where T : struct, Enum => (T?)Parse(typeof(T), text);

    /// <inheritdoc cref="Parse{T}(string)"/>
    public static Enum? Parse(Type type, string text)
    {
        var word = text.Trim().ToLowerInvariant().Replace('_', '-');
        return WordsOf(type).Members.FirstOrDefault(m => m.Accepted.Contains(word)).Value;
    }

    /// <summary>The canonical words, in declaration order ("stop", "rollback", "ignore").</summary>
    public static IReadOnlyList<string> Canonical<T>() where T : struct, Enum => [.. WordsOf(typeof(T)).Members.Select(m => m.Shown[0])];

    /// <summary>Every advertised word, in declaration order (for --dataset: folder, imagenet, lfw, ...).</summary>
    public static IReadOnlyList<string> Shown<T>() where T : struct, Enum => [.. WordsOf(typeof(T)).Members.SelectMany(m => m.Shown)];

    /// <summary>"a, b or c".</summary>
    public static string Either(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";

    static Words WordsOf(Type type) => Cache.GetOrAdd(type, t => new Words([.. t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field =>
    {
        var spelled = field.GetCustomAttribute<SpelledAttribute>()
            ?? throw new InvalidOperationException($"{t.Name}.{field.Name} has no [Spelled] words");
        return ((Enum)field.GetValue(null)!, spelled.Names, (IReadOnlyList<string>)[.. spelled.Names, .. spelled.Also]);
    })]));
}
