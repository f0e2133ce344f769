using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians N(m1, S1) and N(m2, S2) (Heusel et al. 2017):
/// |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)), in float64.
/// </summary>
/// <remarks>
/// The trace of the matrix square root is computed without the (possibly complex, ill-conditioned)
/// square root of the non-symmetric S1 S2: with R = S1^(1/2), the product S1 S2 is similar to the
/// symmetric positive semi-definite R S2 R, so tr((S1 S2)^(1/2)) is the sum of the square roots of
/// R S2 R's eigenvalues. Both R and those eigenvalues come from symmetric eigendecompositions, which
/// are stable; eigenvalues that rounding makes slightly negative are clamped to zero.
/// </remarks>
internal static class FrechetDistance
{
    public static double Compute(FeatureStatistics a, FeatureStatistics b) => Compute(a.Mean, a.Covariance, b.Mean, b.Covariance);

    public static double Compute(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        if (!mean1.shape.SequenceEqual(mean2.shape) || !covariance1.shape.SequenceEqual(covariance2.shape))
            throw new ArgumentException($"the two distributions have different dimensions: [{string.Join(", ", mean1.shape)}] and [{string.Join(", ", mean2.shape)}]");
        using var scope = NewDisposeScope();
        var m1 = mean1.to(float64, CPU);
        var m2 = mean2.to(float64, CPU);
        var s1 = covariance1.to(float64, CPU);
        var s2 = covariance2.to(float64, CPU);
        var difference = m1 - m2;
        var meanTerm = difference.dot(difference).item<double>();
        var traceTerm = s1.trace().item<double>() + s2.trace().item<double>() - 2 * TraceOfSqrtProduct(s1, s2);
        return meanTerm + traceTerm;
    }

    /// <summary>tr((S1 S2)^(1/2)) for symmetric positive semi-definite S1, S2.</summary>
    public static double TraceOfSqrtProduct(Tensor s1, Tensor s2)
    {
        using var scope = NewDisposeScope();
        var root = SymmetricSqrt(s1.to(float64));
        var inner = root.matmul(s2.to(float64)).matmul(root);
        var eigenvalues = linalg.eigvalsh(Symmetrize(inner));
        return eigenvalues.clamp_min(0).sqrt().sum().item<double>();
    }

    /// <summary>The positive semi-definite square root of a symmetric matrix, negative eigenvalues clamped to zero.</summary>
    public static Tensor SymmetricSqrt(Tensor matrix)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(Symmetrize(matrix));
        var root = (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
        return Symmetrize(root).MoveToOuterDisposeScope();
    }

    // Rounding leaves products of symmetric matrices slightly asymmetric; eigh reads one triangle only.
    static Tensor Symmetrize(Tensor matrix) => (matrix + matrix.t()).mul_(0.5);
}
