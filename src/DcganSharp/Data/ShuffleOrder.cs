namespace DcganSharp.Data;

/// <summary>
/// The order in which an epoch visits a dataset: a permutation that depends only on the seed and
/// the epoch number, so a resumed run, or a run with a different number of workers, sees
/// exactly the same batches.
/// </summary>
internal static class ShuffleOrder
{
    public static int[] ForEpoch(int count, int seed, int epoch)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        // Random(int) is a stable algorithm across .NET versions when seeded explicitly.
        new Random(HashCode(seed, epoch)).Shuffle(order);
        return order;
    }

    // A fixed mix (not System.HashCode, which is randomised per process).
    static int HashCode(int seed, int epoch) => unchecked((int)((uint)seed * 2654435761u ^ (uint)(epoch + 1) * 40503u));
}
