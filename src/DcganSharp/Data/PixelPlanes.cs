namespace DcganSharp.Data;

/// <summary>Conversions between 8-bit planar (CHW) pixels and what the networks see.</summary>
internal static class PixelPlanes
{
    /// <summary>0..255 to [-1, 1]: torchvision's ToTensor then Normalize(0.5, 0.5).</summary>
    public static void ToUnitRange(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
            throw new ArgumentException($"destination holds {destination.Length} values, {pixels.Length} needed");
        for (var i = 0; i < pixels.Length; i++)
            destination[i] = pixels[i] / 127.5f - 1f;
    }

    /// <summary>
    /// ITU-R 601-2 luma in PIL's fixed-point form (what Image.convert("L") and torchvision's
    /// Grayscale compute), so grayscale training data matches the reference's.
    /// </summary>
    public static byte Luma(byte red, byte green, byte blue) =>
        (byte)((red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16);

    /// <summary>Three planes (R, G, B, each <paramref name="pixels"/> long) to one luma plane.</summary>
    public static void RgbToGray(ReadOnlySpan<byte> rgbPlanes, Span<byte> gray, int pixels)
    {
        var red = rgbPlanes[..pixels];
        var green = rgbPlanes.Slice(pixels, pixels);
        var blue = rgbPlanes.Slice(2 * pixels, pixels);
        for (var i = 0; i < pixels; i++)
            gray[i] = Luma(red[i], green[i], blue[i]);
    }
}
