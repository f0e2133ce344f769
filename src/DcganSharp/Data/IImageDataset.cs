using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// A finite, indexable set of training images, all of the same size and channel count, as the
/// networks see them: CHW floats scaled to [-1, 1].
/// </summary>
internal interface IImageDataset : IDisposable
{
    /// <summary>Short human-readable description, e.g. "MNIST train (60000 images)".</summary>
    string Description { get; }

    int Count { get; }

    /// <summary>Image channels (nc): 1 for grayscale, 3 for colour.</summary>
    int Channels { get; }

    /// <summary>Height and width of every image.</summary>
    int ImageSize { get; }

    /// <summary>
    /// Names image <paramref name="index"/> for messages: its path relative to the data root for
    /// file-based data ("cats/001.jpg"), "image #index" for data held in one file.
    /// </summary>
    string Describe(int index);

    /// <summary>
    /// Writes image <paramref name="index"/> into <paramref name="destination"/> (length
    /// Channels * ImageSize * ImageSize, CHW order, values in [-1, 1]). Safe to call from several
    /// threads at once. Returns false, with a short reason in <paramref name="problem"/> (e.g.
    /// "truncated: the image data ends early"), when the image cannot be read; the loader then
    /// skips it and reports it.
    /// </summary>
    bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem);

    /// <summary>The images' classes, for labelled data (MNIST, Fashion-MNIST, CIFAR-10, a folder of class subfolders); null otherwise.</summary>
    ClassLabels? Classes => null;
}
