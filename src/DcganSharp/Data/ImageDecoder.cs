using SkiaSharp;

namespace DcganSharp.Data;

/// <summary>
/// Turns one image file into a training square with SkiaSharp: EXIF orientation applied, a
/// centred square cropped (the largest one, or a fixed side for CelebA), resized to the image size
/// with a mipmapped (antialiased) filter, transparency composited over black, colour converted to
/// sRGB, then written as 8-bit planes (RGB, or PIL-style luma for one channel). Formats SkiaSharp
/// cannot read (TIFF, PNM, HEIC, ...) come in through <see cref="MagickImageConverter"/>.
/// </summary>
/// <remarks>
/// JPEG and WebP are decoded at a reduced size by the codec itself (libjpeg's DCT scaling, libwebp's
/// rescaler) to the smallest size that still covers the output, so a 12000x12000 photo costs a
/// few megabytes rather than half a gigabyte. Formats without scaled decoding are decoded whole,
/// up to <see cref="DecodeSettings.PixelBudget"/>. Crop and resize happen in stored coordinates
/// (a centred square is the same square either way); the orientation is applied last, on the
/// small output square, as an index remapping.
/// </remarks>
internal static class ImageDecoder
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
        var opened = Open(path, settings.PixelBudget, out var problem);
        using var codec = opened.Codec;
        if (codec is null)
            return ImageDecodeResult.Failed(problem!);
        var header = opened.StoredHeader ?? HeaderOf(codec);

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var crop = Math.Min(settings.CropSide ?? int.MaxValue, Math.Min(width, height));
        var scale = (float)settings.ImageSize / crop;
        var size = scale < 1 ? codec.GetScaledDimensions(scale) : codec.Info.Size;
        if ((long)size.Width * size.Height > settings.PixelBudget)
            return ImageDecodeResult.Failed($"too large: {width}x{height} {header.Format} is over the {settings.PixelBudget / 1e6:0}-megapixel limit for formats decoded at full size; shrink it or save it as JPEG", header);

        var (decoded, result) = DecodeAt(codec, size);
        if (result == SKCodecResult.InvalidScale && size != codec.Info.Size)
        {
            // A codec that offered a scale it then cannot deliver: decode whole, if that is affordable.
            decoded?.Dispose();
            size = codec.Info.Size;
            if ((long)size.Width * size.Height > settings.PixelBudget)
                return ImageDecodeResult.Failed($"too large: {width}x{height} {header.Format} cannot be decoded at a reduced size and is over the {settings.PixelBudget / 1e6:0}-megapixel limit", header);
            (decoded, result) = DecodeAt(codec, size);
        }
        using var owned = decoded;
        if (decoded is null)
            return ImageDecodeResult.Failed($"not enough memory to decode {size.Width}x{size.Height} pixels", header);
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
        OrientedPlanes.Write(square.GetPixelSpan(), output, codec.EncodedOrigin, settings.Channels, planar);
        return new ImageDecodeResult(header, null, size.Width, size.Height);
    }

    /// <summary>Decodes the whole picture at <paramref name="size"/> (the codec's full or a supported scaled size) as premultiplied sRGB RGBA.</summary>
    static (SKBitmap? Bitmap, SKCodecResult Result) DecodeAt(SKCodec codec, SKSizeI size)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            bitmap.Dispose();
            return (null, SKCodecResult.InternalError);
        }
        return (bitmap, codec.GetPixels(info, bitmap.GetPixels()));
    }

    /// <summary>Reads only the header (format, size, orientation, mode); null with a reason for files that are not images.</summary>
    public static ImageHeader? ReadHeader(string path, out string? problem)
    {
        var opened = Open(path, DecodeSettings.DefaultPixelBudget, out problem);
        using var codec = opened.Codec;
        return codec is null ? null : opened.StoredHeader ?? HeaderOf(codec);
    }

    /// <summary>
    /// A codec for the file; for formats Skia cannot read (<see cref="MagickImageConverter"/>), a
    /// codec of their upright BMP conversion with the header of the file as stored.
    /// </summary>
    static (SKCodec? Codec, ImageHeader? StoredHeader) Open(string path, long pixelBudget, out string? problem)
    {
        problem = null;
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET reads file names as UTF-8; a name in another encoding comes back with U+FFFD and cannot be opened.
            problem = Path.GetFileName(path).Contains('\uFFFD')
                ? "its name is not valid UTF-8, so it cannot be opened; rename it (e.g. with convmv)"
                : $"cannot be read ({e.Message})";
            return (null, null);
        }
        if (length == 0)
        {
            problem = "empty file (0 bytes)";
            return (null, null);
        }
        if (MagickImageConverter.Handles(path))
        {
            var (bitmap, header) = MagickImageConverter.Convert(path, pixelBudget, out problem);
            if (bitmap is null)
                return (null, null);
            using var converted = SKData.CreateCopy(bitmap);
            return (SKCodec.Create(converted), header);
        }
        // Memory-mapped by Skia: nothing is copied into managed memory.
        using var data = SKData.Create(path);
        if (data is null)
        {
            problem = "cannot be opened for reading";
            return (null, null);
        }
        var codec = SKCodec.Create(data);
        if (codec is null)
            problem = Sniff(data.AsSpan()) is { } format ? $"corrupt {format} header" : $"not a {ImageFileTypes.Supported} image";
        return (codec, null);
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
}
