using System.Diagnostics.CodeAnalysis;
using DcganSharp.Data;

namespace DcganSharp.Tests.Support;

/// <summary>
/// A deterministic in-memory dataset for loader tests: image i is filled with values derived
/// from i; chosen indices fail (or throw); reads can be slowed down; reads are counted.
/// </summary>
internal sealed class ScriptedDataset(int count, int imageSize = 4, int channels = 1) : IImageDataset
{
    // Allocated up front: workers count reads from several threads at once, and a lazily created
    // array could be created twice, losing the counts made in the one that was replaced.
    readonly int[] readsPerIndex = new int[count];
    int reads;

    public Func<int, bool> Unreadable { get; init; } = _ => false;

    public int? ThrowAt { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>Successful and failed reads so far.</summary>
    public int Reads => Volatile.Read(ref reads);

    public int ReadsOf(int index) => Volatile.Read(ref readsPerIndex[index]);

    public string Description => $"scripted ({count} images)";

    public int Count => count;

    public int Channels => channels;

    public int ImageSize => imageSize;

    public string Describe(int index) => $"item-{index}";

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        if (Delay > TimeSpan.Zero)
            Thread.Sleep(Delay);
        if (ThrowAt == index)
            throw new InvalidOperationException($"dataset bug at {index}");
        Interlocked.Increment(ref readsPerIndex[index]);
        try
        {
            if (Unreadable(index))
            {
                problem = $"broken #{index}";
                return false;
            }
            for (var i = 0; i < destination.Length; i++)
                destination[i] = (index * 31 + i) % 200 / 100f - 1f;
            problem = null;
            return true;
        }
        finally
        {
            Interlocked.Increment(ref reads);
        }
    }

    public void Dispose()
    {
    }
}
