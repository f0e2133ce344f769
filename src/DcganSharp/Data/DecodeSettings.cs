namespace DcganSharp.Data;

/// <summary>
/// How a picture becomes a training square: a centred square of <paramref name="CropSide"/>
/// pixels (null: the largest one, i.e. torchvision's Resize(size) then CenterCrop(size)),
/// resized to <paramref name="ImageSize"/>, with 1 (luma) or 3 (RGB) channels.
/// </summary>
internal sealed record DecodeSettings(int ImageSize, int Channels = 3, int? CropSide = null)
{
    /// <summary>The <see cref="PixelBudget"/> unless told otherwise: 64 megapixels.</summary>
    public const long DefaultPixelBudget = 64_000_000;

    /// <summary>
    /// Largest picture, in pixels, decoded at full size: formats that cannot be decoded at a
    /// reduced size (PNG, BMP, GIF) above it are refused rather than allowed to take gigabytes.
    /// JPEG and WebP are always decoded at a reduced size, so their size is never a problem.
    /// </summary>
    public long PixelBudget { get; init; } = DefaultPixelBudget;

    /// <summary>Bytes of one decoded image: Channels x ImageSize x ImageSize.</summary>
    public int PlanarLength => Channels * ImageSize * ImageSize;
}
