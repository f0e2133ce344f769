using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>Walks between latent codes, as in the DCGAN paper's Figure 4.</summary>
internal static class LatentInterpolation
{
    /// <summary>
    /// <paramref name="steps"/> codes from <paramref name="from"/> to <paramref name="to"/> inclusive,
    /// evenly spaced in t, shape [steps, nz, 1, 1]. The endpoints are the inputs themselves.
    /// </summary>
    public static Tensor Walk(Tensor from, Tensor to, int steps, InterpolationMethod method)
    {
        if (steps < 2)
            throw new ArgumentOutOfRangeException(nameof(steps), "a walk needs at least 2 steps");
        using var scope = NewDisposeScope();
        var a = from.detach().to(float64).reshape(-1);
        var b = to.detach().to(float64).reshape(-1);
        if (a.shape[0] != b.shape[0])
            throw new ArgumentException($"codes of different sizes: {a.shape[0]} and {b.shape[0]}");
        var t = linspace(0, 1, steps, dtype: float64).unsqueeze(1);
        var (wa, wb) = method == InterpolationMethod.Spherical ? SlerpWeights(a, b, t) : (1 - t, t);
        var codes = wa * a.unsqueeze(0) + wb * b.unsqueeze(0);
        // Exact endpoints, whatever the rounding of the weights.
        codes[0] = a;
        codes[steps - 1] = b;
        return codes.to(from.dtype).reshape(steps, -1, 1, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A path through several codes: consecutive pairs walked in turn (a to b, b to c, and back to a
    /// when <paramref name="loop"/>). Returns [walks, steps, nz, 1, 1]; walk k ends where walk k+1 starts.
    /// </summary>
    public static Tensor Path(Tensor codes, int steps, InterpolationMethod method, bool loop = false)
    {
        var count = codes.shape[0];
        if (count < 2)
            throw new ArgumentException("a path needs at least 2 codes");
        using var scope = NewDisposeScope();
        var walks = new List<Tensor>();
        var ends = loop ? count : count - 1;
        for (long i = 0; i < ends; i++)
            walks.Add(Walk(codes[i], codes[(i + 1) % count], steps, method));
        return stack(walks).MoveToOuterDisposeScope();
    }

    // Shoemake's slerp on the unnormalised codes (as in White, "Sampling Generative Networks", 2016):
    // the angle comes from the directions; nearly parallel codes fall back to the straight line.
    static (Tensor, Tensor) SlerpWeights(Tensor a, Tensor b, Tensor t)
    {
        var cosine = (a / a.norm().clamp_min(1e-12)).dot(b / b.norm().clamp_min(1e-12)).clamp(-1, 1);
        var omega = cosine.acos();
        var sine = omega.sin();
        if (sine.item<double>() < 1e-6)
            return (1 - t, t);
        return (((1 - t) * omega).sin() / sine, (t * omega).sin() / sine);
    }
}
