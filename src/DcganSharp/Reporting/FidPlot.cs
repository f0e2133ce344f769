using DcganSharp.Imaging;
using DcganSharp.IO;
using ScottPlot;

namespace DcganSharp.Reporting;

/// <summary>fid.png: FID over the global step, one marker per measurement (lower is better), named by its judge ("FID-ResNet18", ...).</summary>
internal static class FidPlot
{
    public const string FileName = "fid.png";

    /// <summary>Renders the points and writes them atomically as a PNG.</summary>
    /// <param name="judge">What the values are called (<see cref="Evaluation.IFeatureExtractor.FidName"/>): axis, legend and title.</param>
    public static void Write(IReadOnlyList<(long Step, double Fid)> points, string path, string judge, int width = 1000, int height = 600) =>
        AtomicFile.WriteAllBytes(path, Render(points, judge, width, height));

    public static byte[] Render(IReadOnlyList<(long Step, double Fid)> points, string judge, int width = 1000, int height = 600)
    {
        if (width < 200 || height < 200)
            throw new ArgumentOutOfRangeException(nameof(width), "an FID plot needs at least 200x200 pixels");
        PlotFonts.Use();
        var plot = new Plot();
        plot.Title($"Sample quality during training ({judge})");
        plot.XLabel("iteration");
        plot.YLabel($"{judge} (lower is better)");
        // Non-finite values (a diverged run) would break the axis limits: they are left out.
        var finite = points.Where(p => double.IsFinite(p.Fid)).ToList();
        if (finite.Count > 0)
        {
            var line = plot.Add.Scatter(finite.Select(p => (double)p.Step).ToArray(), finite.Select(p => p.Fid).ToArray());
            line.Color = new ScottPlot.Palettes.Category10().GetColor(0);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = judge;
            var best = finite.MinBy(p => p.Fid);
            var marker = plot.Add.Marker(best.Step, best.Fid);
            marker.Color = Colors.Green;
            marker.Size = 12;
            marker.LegendText = $"best: {best.Fid:F2} at {best.Step}";
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
