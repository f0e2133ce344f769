using System.Globalization;
using System.Text;

namespace DcganSharp.Evaluation;

/// <summary>Plain aligned text tables of quality results and sanity checks, for the terminal; FIDs named by their judge.</summary>
internal static class QualityText
{
    const int LabelWidth = 24;

    /// <param name="fidName">What the FID is called (<see cref="IFeatureExtractor.FidName"/>).</param>
    public static string Format(QualityResult result, string fidName)
    {
        var text = new StringBuilder();
        Row(text, fidName, F("{0:F3}", result.Fid));
        Row(text, "KID", F("{0:F5} ± {1:F5} ({2} subsets of {3:N0})", result.Kid.Mean, result.Kid.Std, result.Kid.Subsets, result.Kid.SubsetSize));
        Row(text, "Precision", double.IsNaN(result.Precision) ? "n/a (too few samples)" : F("{0:F3} (share of samples on the real k-NN manifold)", result.Precision));
        Row(text, "Recall", double.IsNaN(result.Recall) ? "n/a (too few samples)" : F("{0:F3} (share of real images on the samples' manifold)", result.Recall));
        if (result.Coverage is { } c)
        {
            var r = result.RealCoverage;
            Row(text, "Classes covered", F("{0} of {1}", c.Covered, c.ClassNames.Count) + (r is null ? "" : F(" (real data: {0})", r.Covered)));
            Row(text, "Class entropy", F("{0:F3} bits of {1:F3}", c.EntropyBits, c.MaxEntropyBits) + (r is null ? "" : F(" (real data: {0:F3})", r.EntropyBits)));
            Row(text, "Largest class", F("{0:P1}", c.MaxShare) + (r is null ? "" : F(" (real data: {0:P1})", r.MaxShare)));
            Row(text, "Smallest class", F("{0:P1}", c.MinShare) + (r is null ? "" : F(" (real data: {0:P1})", r.MinShare)));
            var total = Math.Max(1, c.Counts.Sum());
            var histogram = string.Join("  ", c.ClassNames.Select((name, i) => F("{0} {1:P1}", name, c.Counts[i] / (double)total)));
            Row(text, "Class shares", histogram);
        }
        Row(text, "Time", F("{0:F1} s", result.Seconds));
        return text.ToString();
    }

    public static string Format(SanityResult sanity, string fidName)
    {
        var text = new StringBuilder();
        text.AppendLine(F("Sanity check: {0:N0} images of {1}", sanity.ProbeCount, sanity.Probe));
        text.AppendLine($"  against {sanity.Reference}");
        Row(text, $"{fidName} real vs real", F("{0:F3}", sanity.RealVsReal));
        Series(text, "noise sigma", sanity.Noise, sanity.NoiseMonotonic, fidName);
        Series(text, "blur sigma (px)", sanity.Blur, sanity.BlurMonotonic, fidName);
        return text.ToString();
    }

    static void Series(StringBuilder text, string name, IReadOnlyList<SanityPoint> points, bool monotonic, string fidName)
    {
        Row(text, name, string.Join("", points.Select(p => F("{0,10:0.##}", p.Level))));
        Row(text, $"  {fidName}", string.Join("", points.Select(p => F("{0,10:F2}", p.Fid))) + (monotonic ? "   (grows: yes)" : "   (grows: NO)"));
    }

    static void Row(StringBuilder text, string label, string value) => text.Append("  ").Append(label.PadRight(LabelWidth)).AppendLine(value);

    static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
