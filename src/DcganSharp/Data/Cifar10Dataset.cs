using DcganSharp.IO;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;

namespace DcganSharp.Data;

/// <summary>
/// CIFAR-10 images (32x32 RGB) resized to the training size like torchvision's Resize on
/// tensors (bilinear, antialiased when shrinking, rounded to 8 bits), optionally as luma. Every
/// image is prepared once up front and kept in memory when <see cref="CacheBudget.KeepsResized"/>
/// says so (by default when that takes no more memory than the originals: 50,000 images at 64x64
/// would take 614 MB); otherwise each image is prepared as it is read.
/// </summary>
internal sealed class Cifar10Dataset : IImageDataset
{
    const int Native = Cifar10Reader.ImageSize;
    readonly byte[] source;
    readonly byte[]? prepared;

    /// <param name="cache">true: keep the prepared images if they fit; false: never; null: when they are no larger than the originals.</param>
    /// <param name="names">How notes name <see cref="DcganOptions.Cache"/>.</param>
    /// <param name="classes">The images' classes, when their labels were read.</param>
    public Cifar10Dataset(byte[] pixels, int imageSize, int channels, string description, bool? cache = null, TextWriter? log = null, SettingNames? names = null,
        ClassLabels? classes = null)
    {
        Classes = classes;
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
        else
        {
            var bytes = CacheBudget.BytesFor(Count, channels, imageSize);
            if (CacheBudget.KeepsResized(cache, pixels.LongLength, bytes))
                prepared = PrepareAll();
            else if (cache == true)
                log?.WriteLine(CacheBudget.TooLarge(bytes, names ?? SettingNames.Library));
        }
    }

    /// <summary>Reads the batches of <paramref name="split"/> from the folder <see cref="Cifar10Files"/> found.</summary>
    /// <param name="names">How notes name <see cref="DcganOptions.Cache"/>.</param>
    public static Cifar10Dataset Open(string folder, DataSplit split, int imageSize, int channels, bool? cache, TextWriter log, SettingNames? names = null)
    {
        var batches = Cifar10Files.Batches(folder, split);
        var (pixels, labels) = Cifar10Reader.Read(batches);
        var classes = ClassLabels.FromBytes(ClassLabels.Cifar10, labels, $"CIFAR-10 batches in '{folder}'");
        var count = pixels.Length / Cifar10Reader.PixelsPerImage;
        var gray = channels == 1 ? ", grayscale" : "";
        return new Cifar10Dataset(pixels, imageSize, channels, $"CIFAR-10 {Spelling.Of(split)}, {count:N0} images resized to {imageSize}x{imageSize}{gray}", cache, log, names, classes);
    }

    public string Description { get; }

    public ClassLabels? Classes { get; }

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
        using var scope = torch.NewDisposeScope();
        ReadOnlySpan<byte> image = source.AsSpan(index * Cifar10Reader.PixelsPerImage, Cifar10Reader.PixelsPerImage);
        var rgb = ImageSize == Native ? image : TensorMemory.Bytes(PlanarResize.One(image, 3, Native, Native, ImageSize));
        if (Channels == 3)
            rgb.CopyTo(destination);
        else
            PixelPlanes.RgbToGray(rgb, destination, ImageSize * ImageSize);
    }

    public void Dispose()
    {
    }
}
