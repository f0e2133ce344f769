using DcganSharp.Evaluation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

public sealed class KernelInceptionDistanceTests
{
    [Fact]
    public void Unbiased_mmd_matches_numpy()
    {
        using var fixtures = new MetricFixtures();
        using var x = fixtures["x"].narrow(0, 0, 250);
        Assert.Equal(fixtures.Scalar("mmd2_x250_y"), KernelInceptionDistance.UnbiasedMmd2(x, fixtures["y"]), 1e-9);
    }

    [Fact]
    public void Is_near_zero_for_two_samples_of_one_distribution()
    {
        using var threads = new TorchThreads();
        using var scope = NewDisposeScope();
        manual_seed(11);
        var a = randn(600, 16) * 2 + 1;
        var b = randn(600, 16) * 2 + 1;

        var kid = KernelInceptionDistance.Compute(a, b, subsets: 30, subsetSize: 200, seed: 1);

        Assert.Equal((30, 200), (kid.Subsets, kid.SubsetSize));
        Assert.True(kid.Std > 0);
        // Unbiased: the mean is within a few standard deviations of zero (a biased estimate would sit well above).
        Assert.True(Math.Abs(kid.Mean) < 3 * kid.Std, $"KID {kid.Mean} ± {kid.Std}");
    }

    [Fact]
    public void Is_clearly_positive_for_shifted_distributions_and_grows_with_the_shift()
    {
        using var threads = new TorchThreads();
        using var scope = NewDisposeScope();
        manual_seed(12);
        var a = randn(600, 16);
        var small = KernelInceptionDistance.Compute(a, randn(600, 16) + 0.3, subsets: 10, subsetSize: 200);
        var large = KernelInceptionDistance.Compute(a, randn(600, 16) + 1.0, subsets: 10, subsetSize: 200);

        Assert.True(small.Mean > 5 * small.Std, $"KID {small.Mean} ± {small.Std}");
        Assert.True(large.Mean > small.Mean);
    }

    [Fact]
    public void Subset_size_shrinks_to_the_smaller_set()
    {
        using var scope = NewDisposeScope();
        var kid = KernelInceptionDistance.Compute(randn(300, 4), randn(120, 4), subsets: 3);
        Assert.Equal(120, kid.SubsetSize);
    }
}
