using DcganSharp.Generation;
using DcganSharp.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Serve.Generation;

/// <summary>
/// The pictures the API returns, as PNG bytes. They are drawn the way the commands draw them (the
/// same codes, eval-mode BatchNorm, the same pixel mapping and grid layout), so a grid equals
/// `dcgan sample --seed S --count N --grid` and a strip equals `dcgan interpolate`'s grid for the
/// same two codes, byte for byte.
/// </summary>
internal static class GeneratorImages
{
    /// <summary>Images per grid row, as `dcgan sample`'s default --per-row (and torchvision's nrow).</summary>
    public const int ImagesPerRow = 8;

    /// <summary>
    /// Runs <paramref name="work"/> with <paramref name="sampler"/> drawing class <paramref name="label"/>
    /// only (null: as it was, every class in turn), and puts the sampler back as it was: each worker
    /// owns its sampler and runs one job at a time.
    /// </summary>
    public static T InClass<T>(ImageSampler sampler, int? label, Func<T> work) =>
        label is null ? work() : sampler.InClasses([label.Value], work);

    /// <summary>Codes 0..count-1 of <paramref name="seed"/> as one grid.</summary>
    public static byte[] Grid(ImageSampler sampler, long seed, int count)
    {
        using var scope = NewDisposeScope();
        var pixels = Sample(sampler, seed, count);
        return GridPng(pixels, ImagesPerRow);
    }

    /// <summary>Codes 0..count-1 of <paramref name="seed"/>, one PNG each (as `dcgan sample --out-dir` writes them).</summary>
    public static byte[][] Images(ImageSampler sampler, long seed, int count)
    {
        using var scope = NewDisposeScope();
        return EachPng(Sample(sampler, seed, count));
    }

    /// <summary>The walk from one code to another, both ends included, as one row.</summary>
    public static byte[] Strip(ImageSampler sampler, LatentPoint from, LatentPoint to, int steps, InterpolationMethod method)
    {
        using var scope = NewDisposeScope();
        return GridPng(Walk(sampler, from, to, steps, method), steps);
    }

    /// <summary>The walk from one code to another, one PNG per step.</summary>
    public static byte[][] Frames(ImageSampler sampler, LatentPoint from, LatentPoint to, int steps, InterpolationMethod method)
    {
        using var scope = NewDisposeScope();
        return EachPng(Walk(sampler, from, to, steps, method));
    }

    static Tensor Sample(ImageSampler sampler, long seed, int count)
    {
        using var codes = new LatentCodes(sampler.Generator.Architecture.LatentSize, seed);
        return PixelBytes.FromSigned(sampler.Generate(codes.Next(count)));
    }

    static Tensor Walk(ImageSampler sampler, LatentPoint from, LatentPoint to, int steps, InterpolationMethod method)
    {
        var nz = sampler.Generator.Architecture.LatentSize;
        var a = LatentCodes.At(nz, from.Seed, [from.Index]);
        var b = LatentCodes.At(nz, to.Seed, [to.Index]);
        var codes = LatentInterpolation.Walk(a, b, steps, method);
        return PixelBytes.FromSigned(sampler.Generate(codes, sampler.OneClass(codes.shape[0])));
    }

    static byte[] GridPng(Tensor pixels, int perRow)
    {
        var (count, height, width) = ((int)pixels.shape[0], (int)pixels.shape[1], (int)pixels.shape[2]);
        using var grid = new GridCanvas(count, height, width, perRow);
        grid.Place(0, pixels);
        return PngFile.Encode(grid.Pixels);
    }

    static byte[][] EachPng(Tensor pixels)
    {
        var result = new byte[pixels.shape[0]][];
        for (var i = 0; i < result.Length; i++)
            result[i] = PngFile.Encode(pixels[i]);
        return result;
    }
}
