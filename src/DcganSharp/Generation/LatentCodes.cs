using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// The reproducible stream of latent codes behind `dcgan sample --seed S`: code i is row i of the
/// standard-normal draws of a CPU generator seeded with S, drawn <see cref="ChunkSize"/> codes at a
/// time. Fixed-size draws make code i independent of --count and --batch-size (and of the device),
/// so other commands can name a sample by its index; and the first 64 codes are exactly PyTorch's
/// <c>torch.manual_seed(S); torch.randn(64, nz, 1, 1)</c>.
/// </summary>
internal sealed class LatentCodes : IDisposable
{
    /// <summary>Codes per draw; 64 is the reference's batch size.</summary>
    public const int ChunkSize = 64;

    readonly int latentSize;
    readonly torch.Generator random;
    Tensor? chunk;
    int used = ChunkSize;

    public LatentCodes(int latentSize, long seed)
    {
        if (latentSize < 1)
            throw new ArgumentOutOfRangeException(nameof(latentSize), "nz must be at least 1");
        this.latentSize = latentSize;
        random = new torch.Generator(unchecked((ulong)seed), CPU);
    }

    /// <summary>The next <paramref name="count"/> codes, shape [count, nz, 1, 1], on the CPU.</summary>
    public Tensor Next(long count)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        var left = count;
        while (left > 0)
        {
            if (used == ChunkSize)
            {
                chunk?.Dispose();
                chunk = randn(new long[] { ChunkSize, latentSize, 1, 1 }, generator: random).DetachFromDisposeScope();
                used = 0;
            }
            var take = (int)Math.Min(left, ChunkSize - used);
            parts.Add(chunk!.narrow(0, used, take));
            used += take;
            left -= take;
        }
        var codes = parts.Count == 0 ? empty(0, latentSize, 1, 1) : cat(parts, 0).clone();
        return codes.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The codes at the given indices of seed <paramref name="seed"/>'s stream, in the given order,
    /// shape [indices, nz, 1, 1]. The stream is walked a chunk at a time, so large indices cost time, not memory.
    /// </summary>
    public static Tensor At(int latentSize, long seed, IReadOnlyList<long> indices)
    {
        if (indices.Any(i => i < 0))
            throw new ArgumentOutOfRangeException(nameof(indices), "indices must be non-negative");
        using var scope = NewDisposeScope();
        var picked = new Tensor[indices.Count];
        using var codes = new LatentCodes(latentSize, seed);
        var end = indices.Count == 0 ? 0 : indices.Max() + 1;
        for (long start = 0; start < end; start += ChunkSize)
        {
            var chunk = codes.Next(Math.Min(ChunkSize, end - start));
            for (var k = 0; k < indices.Count; k++)
            {
                if (indices[k] >= start && indices[k] < start + ChunkSize)
                    picked[k] = chunk[indices[k] - start].unsqueeze(0);
            }
        }
        var result = picked.Length == 0 ? empty(0, latentSize, 1, 1) : cat(picked, 0);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The first code of seed <paramref name="seed"/>'s stream: image 0 of `dcgan sample --seed S`.</summary>
    public static Tensor First(int latentSize, long seed)
    {
        using var codes = new LatentCodes(latentSize, seed);
        return codes.Next(1);
    }

    public void Dispose()
    {
        chunk?.Dispose();
        random.Dispose();
    }
}
