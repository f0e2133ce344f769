using SkiaSharp;

namespace DcganSharp.Data;

/// <summary>
/// Turns one image file into a training square with SkiaSharp: EXIF orientation applied, a
/// centred square cropped (the largest one, or a fixed side for CelebA), resized to the image size
/// with a mipmapped (antialiased) filter, transparency composited over black, colour converted to
/// sRGB, then written as 8-bit planes (RGB, or PIL-style luma for one channel).
/// </summary>
/// <remarks>
/// JPEG and WebP are decoded at a reduced size by the codec itself (libjpeg's DCT scaling, libwebp's
/// rescaler) to the smallest size that still covers the output, so a 12000x12000 photo costs a
/// few megabytes rather than half a gigabyte. Formats without scaled decoding are decoded whole,
/// up to <see cref="DecodeSettings.PixelBudget"/>. Crop and resize happen in stored coordinates
/// (a centred square is the same square either way); the orientation is applied last, on the
/// small output square, as an index remapping.
/// </remarks>
public static class ImageDecoder
{
    static readonly SKColorSpace Srgb = SKColorSpace.CreateSrgb();

    /// <summary>
    /// Decodes <paramref name="path"/> into <paramref name="planar"/> (<see cref="DecodeSettings.PlanarLength"/>
    /// bytes, CHW). Never throws for a bad file: the result says what was wrong with it.
    /// </summary>
    public static ImageDecodeResult Decode(string path, DecodeSettings settings, Span<byte> planar)
    {
        if (planar.Length < settings.PlanarLength)
            throw new ArgumentException($"the output holds {planar.Length} bytes, {settings.PlanarLength} needed", nameof(planar));
        using var codec = Open(path, out var problem);
        if (codec is null)
            return ImageDecodeResult.Failed(problem!);
        var header = HeaderOf(codec);

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var crop = Math.Min(settings.CropSide ?? int.MaxValue, Math.Min(width, height));
        var scale = (float)settings.ImageSize / crop;
        var size = scale < 1 ? codec.GetScaledDimensions(scale) : codec.Info.Size;
        if ((long)size.Width * size.Height > settings.PixelBudget)
            return ImageDecodeResult.Failed($"too large: {width}x{height} {header.Format} is over the {settings.PixelBudget / 1e6:0}-megapixel limit for formats decoded at full size; shrink it or save it as JPEG", header);

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        using var decoded = new SKBitmap();
        if (!decoded.TryAllocPixels(info))
            return ImageDecodeResult.Failed($"not enough memory to decode {size.Width}x{size.Height} pixels", header);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
            return ImageDecodeResult.Failed(Explain(result), header);

        // The crop in decoded pixels: the same fraction of the picture as in stored pixels.
        var cropWidth = Math.Clamp((int)Math.Round(crop * (double)size.Width / width), 1, size.Width);
        var cropHeight = Math.Clamp((int)Math.Round(crop * (double)size.Height / height), 1, size.Height);
        // Rounded half to even, like torchvision's CenterCrop (Python's round).
        var left = (int)Math.Round((size.Width - cropWidth) / 2.0);
        var top = (int)Math.Round((size.Height - cropHeight) / 2.0);

        var output = settings.ImageSize;
        using var square = new SKBitmap(new SKImageInfo(output, output, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb));
        using (var source = decoded.PeekPixels())
        using (var region = source.ExtractSubset(new SKRectI(left, top, left + cropWidth, top + cropHeight)))
        using (var target = square.PeekPixels())
        {
            // Mipmaps average away detail finer than the output's pixels; plain bilinear would alias.
            var sampling = cropWidth > output || cropHeight > output
                ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
            if (region is null || !region.ScalePixels(target, sampling))
                return ImageDecodeResult.Failed("could not be resized", header);
        }
        WritePlanes(square.GetPixelSpan(), output, codec.EncodedOrigin, settings.Channels, planar);
        return new ImageDecodeResult(header, null, size.Width, size.Height);
    }

    /// <summary>Reads only the header (format, size, orientation, mode); null with a reason for files that are not images.</summary>
    public static ImageHeader? ReadHeader(string path, out string? problem)
    {
        using var codec = Open(path, out problem);
        return codec is null ? null : HeaderOf(codec);
    }

    static SKCodec? Open(string path, out string? problem)
    {
        problem = null;
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({e.Message})";
            return null;
        }
        if (length == 0)
        {
            problem = "empty file (0 bytes)";
            return null;
        }
        // Memory-mapped by Skia: nothing is copied into managed memory.
        using var data = SKData.Create(path);
        if (data is null)
        {
            problem = "cannot be opened for reading";
            return null;
        }
        var codec = SKCodec.Create(data);
        if (codec is null)
            problem = Sniff(data.AsSpan()) is { } format ? $"corrupt {format} header" : $"not a {ImageFileTypes.Supported} image";
        return codec;
    }

    static ImageHeader HeaderOf(SKCodec codec)
    {
        var mode = codec.Info.ColorType == SKColorType.Gray8 ? "L" : codec.Info.AlphaType == SKAlphaType.Opaque ? "RGB" : "RGBA";
        return new ImageHeader(FormatName(codec.EncodedFormat), codec.Info.Width, codec.Info.Height, codec.EncodedOrigin, mode);
    }

    static string FormatName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "JPEG",
        SKEncodedImageFormat.Png => "PNG",
        SKEncodedImageFormat.Bmp => "BMP",
        SKEncodedImageFormat.Gif => "GIF",
        SKEncodedImageFormat.Webp => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    static string Explain(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated: the image data ends early",
        SKCodecResult.ErrorInInput => "corrupt image data",
        SKCodecResult.InvalidConversion => "unsupported pixel format",
        _ => $"cannot be decoded ({result})",
    };

    /// <summary>The format a file's first bytes claim, to tell a damaged image from something else renamed.</summary>
    static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return "JPEG";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
            return "PNG";
        if (bytes.StartsWith("GIF8"u8))
            return "GIF";
        if (bytes.StartsWith("BM"u8))
            return "BMP";
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
            return "WebP";
        return null;
    }

    /// <summary>
    /// Premultiplied RGBA (alpha over black is exactly the premultiplied colour) to planes,
    /// turning the stored square to its displayed orientation on the way.
    /// </summary>
    static void WritePlanes(ReadOnlySpan<byte> rgba, int size, SKEncodedOrigin origin, int channels, Span<byte> planar)
    {
        var plane = size * size;
        var last = size - 1;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (u, v) = Stored(origin, x, y, last);
                var p = (v * size + u) * 4;
                var o = y * size + x;
                if (channels == 1)
                {
                    planar[o] = PixelPlanes.Luma(rgba[p], rgba[p + 1], rgba[p + 2]);
                }
                else
                {
                    planar[o] = rgba[p];
                    planar[plane + o] = rgba[p + 1];
                    planar[2 * plane + o] = rgba[p + 2];
                }
            }
        }
    }

    /// <summary>Where displayed pixel (x, y) of a square is stored, for each EXIF orientation.</summary>
    static (int U, int V) Stored(SKEncodedOrigin origin, int x, int y, int last) => origin switch
    {
        SKEncodedOrigin.TopRight => (last - x, y),
        SKEncodedOrigin.BottomRight => (last - x, last - y),
        SKEncodedOrigin.BottomLeft => (x, last - y),
        SKEncodedOrigin.LeftTop => (y, x),
        SKEncodedOrigin.RightTop => (y, last - x),
        SKEncodedOrigin.RightBottom => (last - y, last - x),
        SKEncodedOrigin.LeftBottom => (last - y, x),
        _ => (x, y),
    };
}
