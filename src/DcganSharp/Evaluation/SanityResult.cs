namespace DcganSharp.Evaluation;

/// <summary>FID at one level of damage.</summary>
internal sealed record SanityPoint(double Level, double Fid);

/// <summary>
/// The outcome of the FID sanity check: real held-out images against the real reference, clean
/// (<see cref="RealVsReal"/>) and with growing noise and blur, whose FIDs must grow monotonically.
/// </summary>
internal sealed record SanityResult(string Probe, long ProbeCount, string Reference, double RealVsReal, IReadOnlyList<SanityPoint> Noise, IReadOnlyList<SanityPoint> Blur)
{
    public bool NoiseMonotonic => IsIncreasing(Noise);

    public bool BlurMonotonic => IsIncreasing(Blur);

    static bool IsIncreasing(IReadOnlyList<SanityPoint> points) =>
        points.Zip(points.Skip(1)).All(pair => pair.Second.Fid > pair.First.Fid);
}
