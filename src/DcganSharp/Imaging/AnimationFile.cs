using DcganSharp.Data;
using DcganSharp.IO;
using ImageMagick;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>
/// Animated images through Magick.NET (ImageMagick): GIF, or lossless animated WebP, chosen by the
/// file's extension; written atomically, looping forever. APNG is not offered: ImageMagick writes
/// it only through an external ffmpeg, which a plain install does not have.
/// </summary>
internal static class AnimationFile
{
    /// <summary>The extensions <see cref="Write(string, IReadOnlyList{Tensor}, int, int?)"/> understands, for messages.</summary>
    public const string SupportedExtensions = ".gif or .webp";

    /// <summary>Writes uint8 [H, W, 1|3] frames, shown <paramref name="frameDelayMs"/> each (the last <paramref name="lastFrameDelayMs"/> when given).</summary>
    public static void Write(string path, IReadOnlyList<Tensor> frames, int frameDelayMs, int? lastFrameDelayMs = null)
    {
        var format = FormatOf(path);
        if (frames.Count == 0)
            throw new ArgumentException("an animation needs at least one frame");
        using var images = new MagickImageCollection();
        foreach (var frame in frames)
            images.Add(ToMagick(frame));
        Encode(path, images, format, frameDelayMs, lastFrameDelayMs);
    }

    /// <summary>Writes an animation whose frames are PNG files, in the given order.</summary>
    public static void WriteFromFiles(string path, IReadOnlyList<string> framePaths, int frameDelayMs, int? lastFrameDelayMs = null)
    {
        var format = FormatOf(path);
        if (framePaths.Count == 0)
            throw new ArgumentException("an animation needs at least one frame");
        using var images = new MagickImageCollection();
        foreach (var frame in framePaths)
        {
            try
            {
                images.Add(new MagickImage(frame));
            }
            catch (MagickException e)
            {
                throw new DcganException($"animation frame '{frame}' cannot be read ({FirstLine(e.Message)}); delete it and it will be left out", e);
            }
        }
        Encode(path, images, format, frameDelayMs, lastFrameDelayMs);
    }

    /// <summary>The Magick format for a path's extension, or a usage error naming the supported ones.</summary>
    public static MagickFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".gif" => MagickFormat.Gif,
        ".webp" => MagickFormat.WebP,
        ".png" or ".apng" => throw DcganException.Usage($"'{path}': animated PNG cannot be written (ImageMagick needs ffmpeg for it); use {SupportedExtensions}"),
        var other => throw DcganException.Usage($"'{path}': unknown animation type '{other}'; use {SupportedExtensions}"),
    };

    static void Encode(string path, MagickImageCollection images, MagickFormat format, int frameDelayMs, int? lastFrameDelayMs)
    {
        // GIF delays are in hundredths of a second; ImageMagick converts for WebP.
        var delay = (uint)Math.Clamp((frameDelayMs + 5) / 10, 1, 65535);
        var lastDelay = (uint)Math.Clamp(((lastFrameDelayMs ?? frameDelayMs) + 5) / 10, 1, 65535);
        for (var i = 0; i < images.Count; i++)
        {
            images[i].AnimationDelay = i == images.Count - 1 ? lastDelay : delay;
            images[i].AnimationIterations = 0; // loop forever
            images[i].GifDisposeMethod = GifDisposeMethod.None;
            if (format == MagickFormat.WebP)
                images[i].Settings.SetDefine(MagickFormat.WebP, "lossless", true);
        }
        AtomicFile.Write(path, stream => images.Write(stream, format));
    }

    static MagickImage ToMagick(Tensor frame)
    {
        if (frame.dtype != ScalarType.Byte || frame.dim() != 3 || frame.shape[2] is not (1 or 3))
            throw new ArgumentException($"expected a uint8 [H, W, 1|3] frame, got {frame.dtype} [{string.Join(", ", frame.shape)}]");
        using var scope = NewDisposeScope();
        var rgb = frame.shape[2] == 1 ? frame.expand(-1, -1, 3) : frame;
        var pixels = TensorMemory.Bytes(rgb.cpu().contiguous()).ToArray();
        var settings = new PixelReadSettings((uint)frame.shape[1], (uint)frame.shape[0], StorageType.Char, PixelMapping.RGB);
        return new MagickImage(pixels, settings);
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
