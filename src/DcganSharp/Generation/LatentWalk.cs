using DcganSharp.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// `dcgan interpolate`: images along a path of walks through latent codes, shown as a grid with one
/// walk per row (like the DCGAN paper's Figure 4) and as an animation that travels the whole path.
/// </summary>
internal static class LatentWalk
{
    /// <summary>
    /// Generates the walks a -> b -> c ... (and back to a when <paramref name="loop"/>) through
    /// <paramref name="codes"/> [K, nz, 1, 1]: images [walks, steps, nc, H, W] in [-1, 1], on the CPU.
    /// </summary>
    public static Tensor Generate(ImageSampler sampler, Tensor codes, int steps, InterpolationMethod method, bool loop, int batchSize)
    {
        using var scope = NewDisposeScope();
        var path = LatentInterpolation.Path(codes, steps, method, loop);
        var (walks, nz) = (path.shape[0], path.shape[2]);
        var images = sampler.Generate(path.reshape(walks * steps, nz, 1, 1), batchSize, sampler.OneClass(walks * steps));
        return images.reshape(new long[] { walks, steps }.Concat(images.shape.Skip(1)).ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>Writes the walks as a grid PNG: one row per walk, one column per step.</summary>
    public static void WriteGrid(Tensor walkImages, string path)
    {
        var (walks, steps, size) = ((int)walkImages.shape[0], (int)walkImages.shape[1], (int)walkImages.shape[3]);
        using var scope = NewDisposeScope();
        using var grid = new GridCanvas(walks * steps, size, (int)walkImages.shape[4], steps);
        grid.Place(0, PixelBytes.FromSigned(walkImages.flatten(0, 1)));
        PngFile.Write(path, grid.Pixels);
    }

    /// <summary>
    /// The animation's frames, uint8 [H * scale, W * scale, 1|3]: every step of the path once
    /// (a walk's first image is the previous walk's last; a loop's last is the first).
    /// </summary>
    public static List<Tensor> Frames(Tensor walkImages, bool loop, int scale)
    {
        var (walks, steps) = (walkImages.shape[0], walkImages.shape[1]);
        using var scope = NewDisposeScope();
        var pixels = PixelBytes.FromSigned(walkImages.flatten(0, 1));
        var frames = new List<Tensor>();
        for (long w = 0; w < walks; w++)
        {
            for (long s = w == 0 ? 0 : 1; s < steps; s++)
            {
                if (loop && w == walks - 1 && s == steps - 1)
                    continue;
                frames.Add(PixelBytes.Enlarge(pixels[w * steps + s], scale).MoveToOuterDisposeScope());
            }
        }
        return frames;
    }

    /// <summary>Writes the path as a looping animation (.gif or .webp) at <paramref name="framesPerSecond"/>.</summary>
    public static void WriteAnimation(Tensor walkImages, string path, bool loop, int framesPerSecond, int scale)
    {
        AnimationFile.FormatOf(path);
        var frames = Frames(walkImages, loop, scale);
        try
        {
            var delay = (int)Math.Round(1000.0 / framesPerSecond);
            // An open path pauses on its last image before starting again.
            AnimationFile.Write(path, frames, delay, loop ? delay : delay * 4);
        }
        finally
        {
            foreach (var frame in frames)
                frame.Dispose();
        }
    }
}
