using System.Diagnostics.CodeAnalysis;
using DcganSharp.Data;

namespace DcganSharp.Evaluation;

/// <summary>A view of some images of another dataset, in a given order (held-out splits, samples).</summary>
/// <param name="ownsSource">Dispose the source with this view (when nothing else holds it).</param>
internal sealed class SubsetImages(IImageDataset source, int[] indices, string description, bool ownsSource = false) : IImageDataset
{
    public string Description { get; } = description;

    public int Count => indices.Length;

    public int Channels => source.Channels;

    public int ImageSize => source.ImageSize;

    public string Describe(int index) => source.Describe(indices[index]);

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem) =>
        source.TryRead(indices[index], destination, out problem);

    // Unless it was handed over, the source belongs to whoever made this view.
    public void Dispose()
    {
        if (ownsSource)
            source.Dispose();
    }
}
