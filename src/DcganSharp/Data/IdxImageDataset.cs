using DcganSharp.IO;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;

namespace DcganSharp.Data;

/// <summary>
/// An MNIST-family image set (uint8 IDX), resized to the training size the way torchvision's
/// Resize + ToTensor + Normalize(0.5, 0.5) pipeline does: bilinear resampling (antialiased when
/// shrinking) to 8-bit pixels, then scaling to [-1, 1]. The resized pixels are kept in memory
/// when <see cref="CacheBudget.KeepsResized"/> says so (by default when shrinking); otherwise
/// each image is resized as it is read, on a loader thread (cheap next to a step; bench/speed/README.md).
/// </summary>
internal sealed class IdxImageDataset : IImageDataset
{
    readonly IdxImages source;
    readonly byte[]? resized;

    /// <param name="cache">true: keep the resized images if they fit; false: never; null: when they are no larger than the originals.</param>
    /// <param name="classes">The images' classes, when their labels were read.</param>
    public IdxImageDataset(IdxImages images, int imageSize, string description, bool? cache = null, ClassLabels? classes = null)
    {
        if (classes is not null && classes.Labels.Count != images.Count)
            throw new ArgumentException($"{images.Count} images but {classes.Labels.Count} labels", nameof(classes));
        Classes = classes;
        source = images;
        ImageSize = imageSize;
        Description = description;
        var native = images.Rows == imageSize && images.Columns == imageSize;
        if (native)
            resized = images.Pixels;
        else if (CacheBudget.KeepsResized(cache, images.Pixels.LongLength, CacheBudget.BytesFor(images.Count, 1, imageSize)))
            resized = PlanarResize.All(images.Pixels, images.Count, 1, images.Rows, images.Columns, imageSize);
    }

    public string Description { get; }

    public ClassLabels? Classes { get; }

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
        using var scope = torch.NewDisposeScope();
        var image = PlanarResize.One(source.Image(index), 1, source.Rows, source.Columns, ImageSize);
        PixelPlanes.ToUnitRange(TensorMemory.Bytes(image), destination);
        return true;
    }

    public void Dispose()
    {
    }
}
