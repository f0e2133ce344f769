using DcganSharp.Imaging;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// `dcgan sample --class-grid`: one row per class of a conditional generator, the same latent
/// codes in every row (image j of each row is code j of the seed's stream), so a column shows one
/// code drawn as each class.
/// </summary>
internal static class ClassGrid
{
    /// <summary>Writes the grid of <paramref name="sampler"/>'s classes to <paramref name="path"/>; returns the number of rows.</summary>
    /// <param name="classNames">The generator's class names, for messages.</param>
    public static int Write(ImageSampler sampler, IReadOnlyList<string> classNames, long seed, int perRow, string path, int batchSize)
    {
        if (!sampler.Generator.Architecture.Conditional)
            throw DcganException.Usage($"--class-grid needs a class-conditional generator (dcgan train --conditional); this one has no classes");
        var classes = sampler.Classes;
        if ((long)classes.Count * perRow > 100_000)
            throw DcganException.Usage($"--class-grid: {classes.Count} classes ({ClassSelection.Listed(classNames)}) of {perRow} images is too many for one grid; lower --per-row or pick classes with --class");
        using var scope = NewDisposeScope();
        var codes = LatentCodes.At(sampler.Generator.Architecture.LatentSize, seed, [.. Enumerable.Range(0, perRow).Select(i => (long)i)]);
        var allCodes = codes.repeat(classes.Count, 1, 1, 1);
        var labels = tensor(classes.SelectMany(c => Enumerable.Repeat((long)c, perRow)).ToArray());
        var images = sampler.Generate(allCodes, batchSize, labels);
        var grid = ImageGrid.ToRgbBytes(images, perRow);
        PngFile.Write(path, grid);
        return classes.Count;
    }
}
