using System.Globalization;

namespace DcganSharp.Generation;

/// <summary>Turns the classes a user asks for (names or label numbers) into labels of a conditional generator.</summary>
internal static class ClassSelection
{
    /// <summary>
    /// The labels of <paramref name="requested"/>, in order: each a class name (exactly, else
    /// ignoring case) or a label number. Anything else, or any class for an unconditional
    /// generator, is one error naming <paramref name="setting"/> and the valid classes.
    /// </summary>
    public static IReadOnlyList<int> Resolve(IReadOnlyList<string> requested, IReadOnlyList<string> classNames, string setting, string generator)
    {
        if (classNames.Count == 0)
            throw DcganException.Usage($"{setting} needs a class-conditional generator (dcgan train --conditional), and {generator} is unconditional; drop {setting}");
        var labels = new List<int>(requested.Count);
        foreach (var text in requested.Select(t => t.Trim()))
        {
            var label = Find(text, classNames);
            if (label < 0)
                throw DcganException.Usage($"{setting} '{text}' is not a class of {generator}; its classes are {Listed(classNames)} (a name, or a number from 0 to {classNames.Count - 1})");
            labels.Add(label);
        }
        if (labels.Count == 0)
            throw DcganException.Usage($"{setting} names no class; give one of {Listed(classNames)}");
        return labels;
    }

    static int Find(string text, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.Ordinal))
                return i;
        }
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < names.Count ? number : -1;
    }

    /// <summary>"0, 1, 2, ... 9" style list for messages, shortened past 20 classes.</summary>
    public static string Listed(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(20).Select(n => n.Contains(',', StringComparison.Ordinal) || n.Contains(' ', StringComparison.Ordinal) ? $"'{n}'" : n))
        + (names.Count > 20 ? $", ... ({names.Count} in all)" : "");
}
