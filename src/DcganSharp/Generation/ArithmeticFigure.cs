using DcganSharp.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>A group of latent codes for vector arithmetic, e.g. three "smiling woman" samples.</summary>
/// <param name="Name">What the group shows, for the figure (may be empty).</param>
/// <param name="Codes">[k, nz, 1, 1].</param>
/// <param name="Captions">One caption per code (e.g. "#17" or "seed 5").</param>
internal sealed record LatentGroup(string Name, Tensor Codes, IReadOnlyList<string> Captions);

/// <summary>
/// `dcgan arithmetic`: the DCGAN paper's Figure 7 workflow. Generates the images of groups A, B
/// and C, of each group's mean code, of mean(A) - mean(B) + mean(C) and of noisy variants of that
/// result, in one batch, and lays them out as a labelled figure.
/// </summary>
internal static class ArithmeticFigure
{
    const string Minus = "\u2212";

    /// <param name="variants">How many noisy neighbours of the result to show (the paper shows 8).</param>
    /// <param name="noise">Uniform noise amplitude per element (the paper used 0.25).</param>
    /// <param name="scale">Integer enlargement of every image in the figure.</param>
    public static void Write(string path, ImageSampler sampler, LatentGroup a, LatentGroup b, LatentGroup c,
        int variants, double noise, long noiseSeed, int batchSize, int scale)
    {
        using var scope = NewDisposeScope();
        var groups = new[] { a, b, c };
        var means = groups.Select(g => LatentArithmetic.Mean(g.Codes.to(float32, CPU))).ToList();
        var result = LatentArithmetic.Combine(a.Codes.to(float32, CPU), b.Codes.to(float32, CPU), c.Codes.to(float32, CPU));
        var neighbours = LatentArithmetic.Variants(result, variants, noise, noiseSeed);

        // Everything in one batch, so with train-mode BatchNorm all images share one set of statistics.
        var all = cat(groups.Select(g => g.Codes.to(float32, CPU)).Concat(means).Append(result).Append(neighbours).ToList(), 0);
        var pixels = PixelBytes.Enlarge(PixelBytes.FromSigned(sampler.Generate(all, batchSize, sampler.OneClass(all.shape[0]))), scale);

        var next = 0L;
        Tensor Take() => pixels[next++];
        var rows = new List<FigureRow>();
        var letters = new[] { "A", "B", "C" };
        for (var g = 0; g < groups.Length; g++)
        {
            var cells = groups[g].Captions.Select(caption => new FigureCell(Take(), caption)).ToList();
            rows.Add(new FigureRow(Label(letters[g], groups[g].Name), cells));
        }
        for (var g = 0; g < groups.Length; g++)
        {
            var row = rows[g];
            rows[g] = row with { Cells = [.. row.Cells, new FigureCell(Take(), "mean", GapBefore: true)] };
        }
        var resultCells = new List<FigureCell> { new(Take(), "result", Highlight: true) };
        for (var v = 0; v < variants; v++)
            resultCells.Add(new FigureCell(Take(), v == 0 ? $"\u00b1{noise:0.##} noise" : null, GapBefore: v == 0));
        rows.Add(new FigureRow($"A {Minus} B + C", resultCells));

        var names = groups.Select((g, i) => string.IsNullOrWhiteSpace(g.Name) ? letters[i] : g.Name).ToArray();
        LabelledFigure.Write(path, rows, $"{names[0]} {Minus} {names[1]} + {names[2]}");
    }

    static string Label(string letter, string name) => string.IsNullOrWhiteSpace(name) ? letter : $"{letter}: {name}";
}
