using DcganSharp.Imaging;
using DcganSharp.Reporting;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Reporting;

public sealed class LossPlotTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("lossplot-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Losses_png_is_a_png_of_the_stated_size_with_a_drawing_on_it()
    {
        var random = new Random(4);
        var history = new TrainingHistory();
        for (var step = 0; step < 300; step++)
        {
            history.Add(new MetricsRow(step / 100, step % 100, step, 1 + random.NextDouble(), 3 - step / 200.0 + random.NextDouble(),
                0.7 + 0.1 * random.NextDouble(), 0.3 * random.NextDouble(), 0.2 * random.NextDouble(), 100, 1e9 + step));
        }
        var path = Path.Combine(folder, LossPlot.FileName);

        LossPlot.Write(history, path, 640, 480);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        using var image = SKBitmap.Decode(bytes);
        Assert.Equal((640, 480), (image.Width, image.Height));
        var colours = image.Pixels.Distinct().Count();
        Assert.True(colours > 20, $"only {colours} distinct colours");
        Assert.Empty(Directory.GetFiles(folder, ".*.tmp"));

        // Text comes from the embedded font, whatever the machine has installed.
        Assert.Equal(FigureFont.FamilyName, ScottPlot.Fonts.Default);
        Assert.Equal("DejaVu Sans", ScottPlot.Fonts.GetTypeface(FigureFont.FamilyName, false, false).FamilyName);
    }
}
