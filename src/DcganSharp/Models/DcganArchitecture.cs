using System.Text.Json.Serialization;

namespace DcganSharp.Models;

/// <summary>
/// The hyper-parameters that fix a DCGAN's tensor shapes, as in pytorch/examples:
/// image size, image channels (nc), latent size (nz) and the feature widths (ngf, ndf).
/// </summary>
/// <remarks>
/// The reference network only works at 64x64. Here the same pattern stretches to any power of two
/// from 16 to 256 (a 4x4 stem doubled until it reaches the image size) and to 28x28 (a 7x7 stem
/// doubled twice) so MNIST trains at its native size. Channel widths halve at every doubling and
/// end at ngf (ndf) next to the image, exactly as the reference does at 64x64.
/// </remarks>
public sealed record DcganArchitecture(int ImageSize, int Channels, int LatentSize = 100, int GeneratorFeatures = 64, int DiscriminatorFeatures = 64)
{
    public const int MinPowerOfTwoSize = 16;
    public const int MaxPowerOfTwoSize = 256;

    /// <summary>Image sizes the networks can be built for, for messages.</summary>
    public static string SupportedSizes => "16, 28, 32, 64, 128 or 256";

    public static bool IsSupportedImageSize(int size) =>
        size == 28 || (size >= MinPowerOfTwoSize && size <= MaxPowerOfTwoSize && (size & (size - 1)) == 0);

    /// <summary>Spatial size of the first generator block (and last discriminator input): 4, or 7 for 28x28.</summary>
    [JsonIgnore]
    public int StemSize => ImageSize == 28 ? 7 : 4;

    /// <summary>Number of stride-2 resolution doublings between the stem and the image.</summary>
    [JsonIgnore]
    public int Doublings => (int)Math.Round(Math.Log2(ImageSize / (double)StemSize));

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
        if ((long)GeneratorFeatures * StemMultiplier > 65536 || (long)DiscriminatorFeatures * StemMultiplier > 65536)
            throw new ArgumentException($"ngf/ndf too large for {ImageSize}x{ImageSize}: the widest layer would exceed 65536 channels");
    }

    public override string ToString() =>
        $"{ImageSize}x{ImageSize}x{Channels}, nz={LatentSize}, ngf={GeneratorFeatures}, ndf={DiscriminatorFeatures}";
}
