using DcganSharp.Data;

using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>
/// Real images for evaluation, with their class labels when the data has them (MNIST-family
/// datasets, folders with one sub-folder per class), and an identity string that changes whenever
/// the data does, for the statistics cache.
/// </summary>
internal sealed class LabelledImages(IImageDataset images, byte[]? labels, IReadOnlyList<string> classNames, string identity) : IDisposable
{
    public IImageDataset Images { get; } = images;

    /// <summary>Label of each image, or null for unlabelled data.</summary>
    public byte[]? Labels { get; } = labels;

    /// <summary>Class names in label order; empty for unlabelled data.</summary>
    public IReadOnlyList<string> ClassNames { get; } = classNames;

    /// <summary>What the data is: name, split, count, size and a content fingerprint.</summary>
    public string Identity { get; } = identity;

    public int Count => Images.Count;

    public string Description => Images.Description;

    /// <summary>The images at <paramref name="indices"/>, in that order, with their labels.</summary>
    /// <param name="owning">The subset takes these images over (disposing it disposes them); otherwise they stay the caller's.</param>
    public LabelledImages Subset(int[] indices, string what, bool owning = false)
    {
        var labels = Labels is null ? null : indices.Select(i => Labels[i]).ToArray();
        var identity = $"{Identity}|{what}:{ContentHash.OfText(string.Join(',', indices))[..16]}";
        return new LabelledImages(new SubsetImages(Images, indices, $"{Images.Description}, {what}", owning), labels, ClassNames, identity);
    }

    public void Dispose() => Images.Dispose();
}
