namespace DcganSharp.Serve.Api;

/// <summary>The seeds the API accepts and the ones it picks when a request names none.</summary>
internal static class Seeds
{
    /// <summary>2^53 - 1: the largest integer a browser's JSON (a double) carries exactly, so any seed the page shows reproduces.</summary>
    public const long Max = 9_007_199_254_740_991;

    /// <summary>A fresh seed, short enough to read and type (`dcgan sample` picks 1..10000).</summary>
    public static long Random() => System.Random.Shared.Next(1, 1_000_000);
}
