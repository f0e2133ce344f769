using System.Globalization;

namespace DcganSharp.Cli.Commands;

/// <summary>Parses comma-separated lists of non-negative integers (seeds, sample indices).</summary>
internal static class NumberList
{
    public static long[] Parse(string text, string flag)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
            throw DcganException.Usage($"{flag} needs a comma-separated list of numbers, e.g. {flag} 3,17,42");
        var numbers = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!long.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                throw DcganException.Usage($"{flag}: '{items[i]}' is not a non-negative integer; give numbers like {flag} 3,17,42");
        }
        return numbers;
    }

    /// <summary>The seed to use: the given one, or a random one that the caller prints so the run can be repeated.</summary>
    public static long SeedOrRandom(long? seed, string flag = "--seed")
    {
        if (seed is < 0)
            throw DcganException.Usage($"{flag} must be a non-negative integer, got {seed}");
        return seed ?? Random.Shared.Next(1, 10001);
    }
}
