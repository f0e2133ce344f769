using DcganSharp.Evaluation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

public sealed class FrechetDistanceTests
{
    [Fact]
    public void Diagonal_covariances_match_the_closed_form()
    {
        using var scope = NewDisposeScope();
        var m1 = tensor(new[] { 0.0, 1.0, -2.0 });
        var m2 = tensor(new[] { 1.0, 1.0, 0.5 });
        var v1 = new[] { 1.0, 4.0, 0.25 };
        var v2 = new[] { 9.0, 1.0, 0.04 };
        // |m1 - m2|^2 + sum (sqrt(v1) - sqrt(v2))^2 when both covariances are diagonal.
        var expected = (1.0 + 0.0 + 6.25) + v1.Zip(v2).Sum(p => Math.Pow(Math.Sqrt(p.First) - Math.Sqrt(p.Second), 2));

        var fid = FrechetDistance.Compute(m1, diag(tensor(v1)), m2, diag(tensor(v2)));

        Assert.Equal(expected, fid, 1e-9);
    }

    [Fact]
    public void Commuting_covariances_match_the_closed_form_of_their_eigenvalues()
    {
        using var scope = NewDisposeScope();
        // Same eigenvectors (a random rotation), different eigenvalues: the trace term is analytic.
        manual_seed(3);
        var (q, _) = linalg.qr(randn(6, 6, dtype: float64));
        var e1 = new[] { 0.5, 1.0, 2.0, 3.0, 0.1, 7.0 };
        var e2 = new[] { 2.0, 0.3, 2.0, 1.0, 0.9, 0.2 };
        var s1 = q.matmul(diag(tensor(e1))).matmul(q.t());
        var s2 = q.matmul(diag(tensor(e2))).matmul(q.t());
        var mean = zeros(6, dtype: float64);
        var expected = e1.Zip(e2).Sum(p => Math.Pow(Math.Sqrt(p.First) - Math.Sqrt(p.Second), 2));

        Assert.Equal(expected, FrechetDistance.Compute(mean, s1, mean, s2), 1e-9);
    }

    [Fact]
    public void Non_commuting_covariances_match_scipy_sqrtm()
    {
        using var fixtures = new MetricFixtures();
        var fid = FrechetDistance.Compute(fixtures["mu1"], fixtures["sigma1"], fixtures["mu2"], fixtures["sigma2"]);
        Assert.Equal(fixtures.Scalar("fid_gaussians"), fid, 1e-6);
    }

    [Fact]
    public void Fid_from_samples_matches_numpy_and_scipy()
    {
        using var fixtures = new MetricFixtures();
        using var x = FeatureStatistics.Of(fixtures["x"]);
        using var y = FeatureStatistics.Of(fixtures["y"]);
        Assert.Equal(fixtures.Scalar("fid_samples"), FrechetDistance.Compute(x, y), 1e-6);
    }

    [Fact]
    public void Identical_statistics_give_zero_even_when_the_covariance_is_singular()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        // 4 samples in 10 dimensions: a rank-3 covariance, as with too few samples for the features.
        using var stats = FeatureStatistics.Of(randn(4, 10));
        var fid = FrechetDistance.Compute(stats, stats);
        Assert.True(Math.Abs(fid) < 1e-6, $"FID of a distribution with itself is {fid}");
    }

    [Fact]
    public void Statistics_match_numpy_cov_conventions()
    {
        using var scope = NewDisposeScope();
        var features = tensor(new float[] { 1, 2, 3, 4, 5, 7 }, new long[] { 3, 2 });
        using var stats = FeatureStatistics.Of(features);
        Assert.Equal(ScalarType.Float64, stats.Covariance.dtype);
        Assert.Equal(3.0, stats.Mean[0].item<double>(), 1e-12);
        Assert.Equal(13.0 / 3, stats.Mean[1].item<double>(), 1e-12);
        // Column variances with N - 1: [4, 6.333...], covariance 5.
        Assert.Equal(4.0, stats.Covariance[0, 0].item<double>(), 1e-12);
        Assert.Equal(19.0 / 3, stats.Covariance[1, 1].item<double>(), 1e-12);
        Assert.Equal(5.0, stats.Covariance[0, 1].item<double>(), 1e-12);
    }
}
