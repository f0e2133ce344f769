using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>The mean and covariance of a set of feature vectors, in float64, as FID compares them.</summary>
internal sealed class FeatureStatistics : IDisposable
{
    public FeatureStatistics(Tensor mean, Tensor covariance, long count)
    {
        if (mean.dim() != 1 || covariance.dim() != 2 || covariance.shape[0] != mean.shape[0] || covariance.shape[1] != mean.shape[0])
            throw new ArgumentException($"expected a mean [d] and a covariance [d, d], got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", covariance.shape)}]");
        Mean = mean;
        Covariance = covariance;
        Count = count;
    }

    /// <summary>[d] float64 on the CPU.</summary>
    public Tensor Mean { get; }

    /// <summary>[d, d] float64 on the CPU: the unbiased sample covariance (divided by N - 1, as numpy.cov).</summary>
    public Tensor Covariance { get; }

    /// <summary>How many feature vectors these describe.</summary>
    public long Count { get; }

    /// <summary>Statistics of features [N, d] (N at least 2).</summary>
    public static FeatureStatistics Of(Tensor features)
    {
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException($"expected at least 2 feature vectors [N, d], got [{string.Join(", ", features.shape)}]");
        using var scope = NewDisposeScope();
        var x = features.to(float64, CPU);
        var mean = x.mean(new long[] { 0 });
        var centred = x - mean;
        var covariance = centred.t().matmul(centred).div_(x.shape[0] - 1);
        return new FeatureStatistics(mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope(), x.shape[0]);
    }

    public void Dispose()
    {
        Mean.Dispose();
        Covariance.Dispose();
    }
}
