using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;

namespace DcganSharp.Data;

/// <summary>
/// Decoded 8-bit images of a file-based dataset, kept after their first read so later epochs skip
/// the decoder. One array of Count x image-length bytes, allocated up front (so its cost is known
/// at start-up and checked against <see cref="CacheBudget"/>) and filled as images are first
/// read; files that failed are remembered with their reason so they are not decoded again.
/// </summary>
internal sealed class DecodedImageCache(int count, int imageLength)
{
    readonly byte[] pixels = new byte[(long)count * imageLength];
    readonly bool[] filled = new bool[count];
    readonly ConcurrentDictionary<int, string> failures = new();

    /// <summary>Where image <paramref name="index"/> is (or will be) stored.</summary>
    public Span<byte> Slot(int index) => pixels.AsSpan(index * imageLength, imageLength);

    public bool IsFilled(int index) => Volatile.Read(ref filled[index]);

    /// <summary>Marks a slot complete; its bytes were written before, so a reader that sees the flag sees them.</summary>
    public void MarkFilled(int index) => Volatile.Write(ref filled[index], true);

    public bool TryGetFailure(int index, [NotNullWhen(true)] out string? problem) => failures.TryGetValue(index, out problem);

    public void RememberFailure(int index, string problem) => failures.TryAdd(index, problem);
}
