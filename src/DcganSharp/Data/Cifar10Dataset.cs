using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// CIFAR-10 images (32x32 RGB) resized to the training size like torchvision's Resize on
/// tensors (bilinear, antialiased when shrinking, rounded to 8 bits), optionally as luma. With
/// <c>cache</c> on (the default) every image is resized once up front and kept in memory when
/// it fits <see cref="CacheBudget"/> (50,000 images at 64x64 take 614 MB); otherwise images are
/// resized when read.
/// </summary>
public sealed class Cifar10Dataset : IImageDataset
{
    const int Native = Cifar10Reader.ImageSize;
    readonly byte[] source;
    readonly byte[]? prepared;

    public Cifar10Dataset(byte[] pixels, int imageSize, int channels, string description, bool cache = true, TextWriter? log = null)
    {
        if (pixels.Length == 0 || pixels.Length % Cifar10Reader.PixelsPerImage != 0)
            throw new ArgumentException("expected whole 3x32x32 images", nameof(pixels));
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), "1 or 3 channels");
        source = pixels;
        Count = pixels.Length / Cifar10Reader.PixelsPerImage;
        ImageSize = imageSize;
        Channels = channels;
        Description = description;
        if (imageSize == Native && channels == 3)
        {
            prepared = pixels;
        }
        else if (cache)
        {
            var bytes = CacheBudget.BytesFor(Count, channels, imageSize);
            if (CacheBudget.Fits(bytes))
                prepared = PrepareAll();
            else
                log?.WriteLine(CacheBudget.TooLarge(bytes));
        }
    }

    /// <summary>Reads the batches of <paramref name="split"/> from the folder <see cref="Cifar10Files"/> found.</summary>
    public static Cifar10Dataset Open(string folder, DataSplit split, int imageSize, int channels, bool cache, TextWriter log)
    {
        var (pixels, _) = Cifar10Reader.Read(Cifar10Files.Batches(folder, split));
        var count = pixels.Length / Cifar10Reader.PixelsPerImage;
        var gray = channels == 1 ? ", grayscale" : "";
        return new Cifar10Dataset(pixels, imageSize, channels, $"CIFAR-10 {DataSplits.Name(split)}, {count:N0} images resized to {imageSize}x{imageSize}{gray}", cache, log);
    }

    public string Description { get; }

    public int Count { get; }

    public int Channels { get; }

    public int ImageSize { get; }

    public bool Cached => prepared is not null;

    public string Describe(int index) => $"image #{index}";

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        var length = Channels * ImageSize * ImageSize;
        if (prepared is not null)
        {
            PixelPlanes.ToUnitRange(prepared.AsSpan(index * length, length), destination);
            return true;
        }
        var scratch = new byte[length];
        Prepare(index, scratch);
        PixelPlanes.ToUnitRange(scratch, destination);
        return true;
    }

    byte[] PrepareAll()
    {
        var resized = ImageSize == Native ? source : PlanarResize.All(source, Count, 3, Native, Native, ImageSize);
        if (Channels == 3)
            return resized;
        var pixels = ImageSize * ImageSize;
        var gray = new byte[(long)Count * pixels];
        for (var i = 0; i < Count; i++)
            PixelPlanes.RgbToGray(resized.AsSpan(i * 3 * pixels, 3 * pixels), gray.AsSpan(i * pixels, pixels), pixels);
        return gray;
    }

    void Prepare(int index, Span<byte> destination)
    {
        var image = source.AsSpan(index * Cifar10Reader.PixelsPerImage, Cifar10Reader.PixelsPerImage);
        var pixels = ImageSize * ImageSize;
        Span<byte> rgb = Channels == 3 ? destination : new byte[3 * pixels];
        if (ImageSize == Native)
            image.CopyTo(rgb);
        else
            PlanarResize.One(image, 3, Native, Native, ImageSize, rgb);
        if (Channels == 1)
            PixelPlanes.RgbToGray(rgb, destination, pixels);
    }

    public void Dispose()
    {
    }
}
