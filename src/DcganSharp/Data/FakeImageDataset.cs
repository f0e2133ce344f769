using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// Random-noise images, like torchvision's FakeData in pytorch/examples' <c>--dataset fake</c>:
/// useful to check that training runs end to end without any data on disk. Image i is always
/// the same for a given seed.
/// </summary>
internal sealed class FakeImageDataset : IImageDataset
{
    readonly int seed;

    public FakeImageDataset(int count = 1000, int channels = 3, int imageSize = 64, int seed = 0)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), "a fake dataset needs at least one image");
        Count = count;
        Channels = channels;
        ImageSize = imageSize;
        this.seed = seed;
    }

    public string Description => $"fake ({Count} random {ImageSize}x{ImageSize}x{Channels} images)";

    public int Count { get; }

    public int Channels { get; }

    public int ImageSize { get; }

    public string Describe(int index) => $"fake image #{index}";

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        // A fixed mix of seed and index (System.HashCode is randomised per process).
        var random = new Random(unchecked((int)((uint)seed * 2654435761u + (uint)index * 40503u)));
        for (var i = 0; i < destination.Length; i++)
            destination[i] = random.NextSingle() * 2f - 1f;
        return true;
    }

    public void Dispose()
    {
    }
}
