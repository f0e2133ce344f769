using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// An MNIST-family image set (uint8 IDX), resized to the training size the way torchvision's
/// Resize + ToTensor + Normalize(0.5, 0.5) pipeline does: bilinear resampling (antialiased when
/// shrinking) to 8-bit pixels, then scaling to [-1, 1]. With <c>cache</c> on (the default) the
/// resized pixels are computed once and kept in memory (60,000 images at 64x64 take 245 MB)
/// when they fit <see cref="CacheBudget"/>; otherwise each image is resized when it is read.
/// </summary>
public sealed class IdxImageDataset : IImageDataset
{
    readonly IdxImages source;
    readonly byte[]? resized;

    public IdxImageDataset(IdxImages images, int imageSize, string description, bool cache = true)
    {
        source = images;
        ImageSize = imageSize;
        Description = description;
        var native = images.Rows == imageSize && images.Columns == imageSize;
        if (native)
            resized = images.Pixels;
        else if (cache && CacheBudget.Fits(CacheBudget.BytesFor(images.Count, 1, imageSize)))
            resized = PlanarResize.All(images.Pixels, images.Count, 1, images.Rows, images.Columns, imageSize);
    }

    public string Description { get; }

    public int Count => source.Count;

    public int Channels => 1;

    public int ImageSize { get; }

    /// <summary>Whether the resized images are held in memory.</summary>
    public bool Cached => resized is not null;

    public string Describe(int index) => $"image #{index}";

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        var pixels = ImageSize * ImageSize;
        if (resized is not null)
        {
            PixelPlanes.ToUnitRange(resized.AsSpan(index * pixels, pixels), destination);
            return true;
        }
        var scratch = new byte[pixels];
        PlanarResize.One(source.Image(index), 1, source.Rows, source.Columns, ImageSize, scratch);
        PixelPlanes.ToUnitRange(scratch, destination);
        return true;
    }

    public void Dispose()
    {
    }
}
