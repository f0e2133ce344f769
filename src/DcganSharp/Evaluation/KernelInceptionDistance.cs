using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018): the unbiased estimate of the squared maximum
/// mean discrepancy between real and generated features under the cubic polynomial kernel
/// k(x, y) = (x·y / d + 1)^3, averaged over random subsets. Unlike FID it has an unbiased
/// estimator, so it is comparable across sample sizes and near zero (possibly negative) when the
/// two sets come from one distribution.
/// </summary>
internal static class KernelInceptionDistance
{
    public const int DefaultSubsets = 100;
    public const int DefaultSubsetSize = 1000;

    /// <param name="subsetSize">Images per subset; reduced to the smaller set's size when that is smaller.</param>
    /// <param name="seed">Seed of the subset draws, so a report can be reproduced.</param>
    public static KidResult Compute(Tensor real, Tensor fake, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, long seed = 0)
    {
        if (real.dim() != 2 || fake.dim() != 2 || real.shape[1] != fake.shape[1])
            throw new ArgumentException($"expected two [N, d] feature sets of the same d, got [{string.Join(", ", real.shape)}] and [{string.Join(", ", fake.shape)}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(subsets, 1);
        var size = (int)Math.Min(subsetSize, Math.Min(real.shape[0], fake.shape[0]));
        if (size < 2)
            throw new ArgumentException("KID needs at least 2 real and 2 generated feature vectors");

        using var scope = NewDisposeScope();
        var x = real.to(float64, CPU);
        var y = fake.to(float64, CPU);
        using var random = new torch.Generator(unchecked((ulong)seed), CPU);
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            using var subsetScope = NewDisposeScope();
            var xs = x.index_select(0, randperm(x.shape[0], generator: random).narrow(0, 0, size));
            var ys = y.index_select(0, randperm(y.shape[0], generator: random).narrow(0, 0, size));
            values[s] = UnbiasedMmd2(xs, ys);
        }
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return new KidResult(mean, std, subsets, size);
    }

    /// <summary>The unbiased MMD^2 estimate between two equally sized sets [m, d] (float64).</summary>
    public static double UnbiasedMmd2(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var m = (double)x.shape[0];
        var kxx = Kernel(x, x);
        var kyy = Kernel(y, y);
        var kxy = Kernel(x, y);
        // Within-set sums leave out k(x_i, x_i): that is what makes the estimate unbiased.
        var withinX = (kxx.sum().item<double>() - kxx.trace().item<double>()) / (m * (m - 1));
        var withinY = (kyy.sum().item<double>() - kyy.trace().item<double>()) / (m * (m - 1));
        var between = kxy.sum().item<double>() / (m * m);
        return withinX + withinY - 2 * between;
    }

    static Tensor Kernel(Tensor a, Tensor b) => a.matmul(b.t()).div_(a.shape[1]).add_(1).pow_(3);
}
