namespace DcganSharp.Reporting;

/// <summary>Smoothing for noisy per-iteration curves.</summary>
internal static class Smoothing
{
    /// <summary>
    /// Exponential moving average with TensorBoard's bias correction (early values are not pulled
    /// towards zero): s_i = (w s_(i-1) + (1 - w) x_i), divided by (1 - w^(i+1)). Weight 0 returns
    /// the input; non-finite values are passed through without disturbing the average.
    /// </summary>
    public static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        if (weight is < 0 or >= 1 || double.IsNaN(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), "the smoothing weight must be in [0, 1)");
        var result = new double[values.Count];
        double average = 0, correction = 1;
        for (var i = 0; i < values.Count; i++)
        {
            var x = values[i];
            if (!double.IsFinite(x))
            {
                result[i] = x;
                continue;
            }
            average = weight * average + (1 - weight) * x;
            correction *= weight;
            result[i] = average / (1 - correction);
        }
        return result;
    }

    /// <summary>A weight that averages over about 1/50 of the curve (no smoothing below 100 points), so long and short runs look alike.</summary>
    public static double WeightFor(int points)
    {
        var span = Math.Clamp(points / 50.0, 1, 1000);
        return span <= 1 ? 0 : 1 - 2 / (span + 1);
    }
}
