using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// The DCGAN paper's vector arithmetic (Figure 7): average each group's codes, since single
/// samples are unstable, then generate mean(A) - mean(B) + mean(C) and a few noisy neighbours of it.
/// </summary>
internal static class LatentArithmetic
{
    /// <summary>The mean of codes [k, nz, 1, 1], shape [1, nz, 1, 1].</summary>
    public static Tensor Mean(Tensor codes)
    {
        if (codes.dim() == 0 || codes.shape[0] < 1)
            throw new ArgumentException("a group needs at least one code");
        return codes.mean(new long[] { 0 }, keepdim: true);
    }

    /// <summary>mean(A) - mean(B) + mean(C), shape [1, nz, 1, 1].</summary>
    public static Tensor Combine(Tensor a, Tensor b, Tensor c)
    {
        using var scope = NewDisposeScope();
        return (Mean(a) - Mean(b) + Mean(c)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="count"/> codes near <paramref name="code"/>: each element moved by uniform noise
    /// in [-noise, noise] (the paper used 0.25), drawn from a CPU generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static Tensor Variants(Tensor code, int count, double noise, long seed)
    {
        if (count < 0 || !double.IsFinite(noise) || noise < 0)
            throw new ArgumentOutOfRangeException(nameof(noise), "count and noise must be non-negative");
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(unchecked((ulong)seed), CPU);
        var shape = new long[] { count }.Concat(code.shape.Skip(1)).ToArray();
        var offsets = rand(shape, generator: random).mul_(2 * noise).sub_(noise);
        return (code.to(CPU) + offsets).MoveToOuterDisposeScope();
    }
}
