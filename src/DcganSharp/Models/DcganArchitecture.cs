using System.Text.Json.Serialization;

namespace DcganSharp.Models;

/// <summary>
/// The hyper-parameters that fix a DCGAN's tensor shapes, as in pytorch/examples:
/// image size, image channels (nc), latent size (nz) and the feature widths (ngf, ndf).
/// </summary>
/// <remarks>
/// The reference network only works at 64x64: a 4x4 stem doubled four times. Here the same pattern
/// makes any size that is a 4x4, 5x5, 6x6 or 7x7 stem doubled at least twice, from 16 to 256: 16,
/// 20, 24, 28 (MNIST's native size, 7x7 doubled twice), 32, 40, 48, 56, 64, 80, 96, 112, 128, 160,
/// 192, 224 and 256. Channel widths halve at every doubling and end at ngf (ndf) next to the
/// image, exactly as the reference does at 64x64. <c>Classes</c> above 0 makes both networks
/// class-conditional (a class embedding in each, see <see cref="DcganGenerator"/> and
/// <see cref="DcganDiscriminator"/>); 0 is the reference's unconditional DCGAN.
/// </remarks>
internal sealed record DcganArchitecture(int ImageSize, int Channels, int LatentSize = 100, int GeneratorFeatures = 64, int DiscriminatorFeatures = 64, int Classes = 0)
{
    public const int MinImageSize = 16;
    public const int MaxImageSize = 256;
    public const int MinStemSize = 4;
    public const int MaxStemSize = 7;

    /// <summary>The most channels a layer may have (the widest is ngf or ndf times <see cref="StemMultiplier"/>).</summary>
    public const int MaxChannels = 65536;

    /// <summary>The most classes a conditional network may have.</summary>
    public const int MaxClasses = 100_000;

    /// <summary>Whether the networks take a class label beside the latent code (image).</summary>
    [JsonIgnore]
    public bool Conditional => Classes > 0;

    /// <summary>Every size the networks can be built for, smallest first.</summary>
    public static IReadOnlyList<int> SupportedSizeList { get; } =
        [.. Enumerable.Range(MinImageSize, MaxImageSize - MinImageSize + 1).Where(IsSupportedImageSize)];

    /// <summary>Image sizes the networks can be built for, for messages: "16, 20, ... 224 or 256".</summary>
    public static string SupportedSizes => string.Join(", ", SupportedSizeList.SkipLast(1)) + " or " + SupportedSizeList[^1];

    public static bool IsSupportedImageSize(int size) =>
        size is >= MinImageSize and <= MaxImageSize && StemOf(size) << DoublingsOf(size) == size;

    // The unique stem in [4, 8) that doubles to the size: 4 << k for powers of two, 7 << 2 for 28.
    static int DoublingsOf(int size) => Math.Max(0, (int)Math.Log2(size) - 2);

    static int StemOf(int size) => size >> DoublingsOf(size);

    /// <summary>Spatial size of the first generator block (and last discriminator input): 4 at 64x64, 7 at 28x28, 6 at 96x96.</summary>
    [JsonIgnore]
    public int StemSize => StemOf(ImageSize);

    /// <summary>Number of stride-2 resolution doublings between the stem and the image.</summary>
    [JsonIgnore]
    public int Doublings => DoublingsOf(ImageSize);

    /// <summary>Channel multiplier at the stem: ngf * this is the widest generator layer (8 at 64x64).</summary>
    [JsonIgnore]
    public int StemMultiplier => 1 << (Doublings - 1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (!IsSupportedImageSize(ImageSize))
            throw new ArgumentException($"image size {ImageSize} is not supported; use {SupportedSizes}");
        if (Channels is < 1 or > 4)
            throw new ArgumentException($"image channels must be 1 to 4, got {Channels}");
        if (LatentSize < 1)
            throw new ArgumentException($"nz must be at least 1, got {LatentSize}");
        if (GeneratorFeatures < 1)
            throw new ArgumentException($"ngf must be at least 1, got {GeneratorFeatures}");
        if (DiscriminatorFeatures < 1)
            throw new ArgumentException($"ndf must be at least 1, got {DiscriminatorFeatures}");
        if (Classes is < 0 or > MaxClasses)
            throw new ArgumentException($"the class count must be 0 (unconditional) to {MaxClasses}, got {Classes}");
        if ((long)GeneratorFeatures * StemMultiplier > MaxChannels || (long)DiscriminatorFeatures * StemMultiplier > MaxChannels)
            throw new ArgumentException($"ngf/ndf too large for {ImageSize}x{ImageSize}: the widest layer would exceed {MaxChannels} channels");
    }

    public override string ToString() =>
        $"{ImageSize}x{ImageSize}x{Channels}, nz={LatentSize}, ngf={GeneratorFeatures}, ndf={DiscriminatorFeatures}{(Conditional ? $", {Classes} classes" : "")}";
}
