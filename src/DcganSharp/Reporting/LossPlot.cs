using DcganSharp.Imaging;
using DcganSharp.IO;
using ScottPlot;

namespace DcganSharp.Reporting;

/// <summary>
/// losses.png: two stacked ScottPlot charts over the global step: the losses (Loss_D, Loss_G) and
/// the discriminator's outputs (D(x), D(G(z)) before and after its update). Each curve is drawn
/// raw and faint, with an exponential moving average on top; dashed lines mark epoch starts.
/// </summary>
internal static class LossPlot
{
    public const string FileName = "losses.png";

    /// <summary>Renders the history and writes it atomically as a PNG of the given size.</summary>
    public static void Write(TrainingHistory history, string path, int width = 1200, int height = 900) =>
        AtomicFile.WriteAllBytes(path, Render(history, width, height));

    /// <summary>The plot as PNG bytes.</summary>
    public static byte[] Render(TrainingHistory history, int width = 1200, int height = 900)
    {
        if (width < 200 || height < 200)
            throw new ArgumentOutOfRangeException(nameof(width), "a loss plot needs at least 200x200 pixels");
        PlotFonts.Use();
        var rows = history.Rows;
        var steps = rows.Select(r => (double)r.GlobalStep).ToArray();
        var weight = Smoothing.WeightFor(rows.Count);
        var epochs = history.EpochStarts();

        var losses = new Plot();
        losses.Title("DCGAN training losses");
        losses.YLabel("loss");
        AddCurve(losses, steps, rows.Select(r => r.LossD).ToArray(), "Loss_D", 0, weight);
        AddCurve(losses, steps, rows.Select(r => r.LossG).ToArray(), "Loss_G", 1, weight);

        var outputs = new Plot();
        outputs.Title("Discriminator outputs");
        outputs.YLabel("mean D output");
        outputs.XLabel(epochs.Count > 0 ? "iteration (dashed lines: epoch starts)" : "iteration");
        AddCurve(outputs, steps, rows.Select(r => r.DReal).ToArray(), "D(x)", 2, weight);
        AddCurve(outputs, steps, rows.Select(r => r.DFakeBeforeUpdate).ToArray(), "D(G(z)) before D step", 3, weight);
        AddCurve(outputs, steps, rows.Select(r => r.DFakeAfterUpdate).ToArray(), "D(G(z)) after D step", 4, weight);
        outputs.Axes.SetLimitsY(-0.05, 1.05);

        foreach (var plot in new[] { losses, outputs })
        {
            MarkEpochs(plot, epochs);
            plot.ShowLegend(Alignment.UpperRight);
        }

        var figure = new Multiplot(losses);
        figure.AddPlot(outputs);
        return figure.Render(width, height).GetImageBytes(ImageFormat.Png);
    }

    static void AddCurve(Plot plot, double[] steps, double[] values, string label, int colorIndex, double weight)
    {
        if (steps.Length == 0)
            return;
        var color = new ScottPlot.Palettes.Category10().GetColor(colorIndex);
        if (weight > 0)
        {
            var raw = plot.Add.SignalXY(steps, values);
            raw.Color = color.WithAlpha(0.25);
            raw.LineWidth = 1;
        }
        var smooth = plot.Add.SignalXY(steps, weight > 0 ? Smoothing.Ema(values, weight) : values);
        smooth.Color = color;
        smooth.LineWidth = 2;
        smooth.LegendText = weight > 0 ? $"{label} (smoothed)" : label;
    }

    // Many epochs would hide the data behind lines: mark at most about 40, evenly.
    static void MarkEpochs(Plot plot, IReadOnlyList<(long Step, int Epoch)> starts)
    {
        var every = Math.Max(1, (starts.Count + 39) / 40);
        for (var i = 0; i < starts.Count; i += every)
        {
            var line = plot.Add.VerticalLine(starts[i].Step);
            line.Color = Colors.Gray.WithAlpha(0.6);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dashed;
        }
    }
}
