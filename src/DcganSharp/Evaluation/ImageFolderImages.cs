using DcganSharp.Data;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Evaluation;

/// <summary>
/// The images of a folder (PNG, JPEG, BMP, GIF, WebP), decoded once and kept as 8-bit pixels at
/// one size. Like torchvision's ImageFolder, a folder with two or more sub-folders of images is
/// labelled data (one class per sub-folder, in name order); otherwise every image under the
/// folder is taken, unlabelled. Images are resized so their shorter side fits and centre-cropped,
/// as pytorch/examples' Resize + CenterCrop does, and converted to gray (ITU-R 601 luma, as PIL's
/// convert("L")) when one channel is asked for.
/// </summary>
public sealed class ImageFolderImages : IImageDataset
{
    const long MemoryLimitBytes = 2L << 30;

    static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp" };

    readonly byte[] pixels;

    ImageFolderImages(byte[] pixels, int count, int channels, int imageSize, string description)
    {
        this.pixels = pixels;
        Count = count;
        Channels = channels;
        ImageSize = imageSize;
        Description = description;
    }

    public string Description { get; }

    public int Count { get; }

    public int Channels { get; }

    public int ImageSize { get; }

    public bool TryRead(int index, Span<float> destination)
    {
        var length = Channels * ImageSize * ImageSize;
        var source = pixels.AsSpan(index * length, length);
        for (var i = 0; i < length; i++)
            destination[i] = source[i] / 127.5f - 1f;
        return true;
    }

    public void Dispose()
    {
    }

    /// <summary>Loads <paramref name="folder"/> at <paramref name="imageSize"/> with <paramref name="channels"/> (1 or 3) channels.</summary>
    /// <param name="imageSize">The size to bring every image to; null: that of the first image (for folders of generated samples).</param>
    public static LabelledImages Load(string folder, int? imageSize, int channels, string role = "--dataroot")
    {
        if (!Directory.Exists(folder))
            throw DcganException.Usage($"{role} '{folder}' is not a folder; give a folder of images (PNG or JPEG)");
        if (channels is not (1 or 3))
            throw DcganException.Usage($"image folders are read as 1 (gray) or 3 (RGB) channels, not {channels}");

        var classes = Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal)
            .Select(d => (Name: Path.GetFileName(d), Files: ImagesUnder(d)))
            .Where(c => c.Files.Count > 0)
            .ToList();
        if (classes.Count > 256)
            throw DcganException.Usage($"{role} '{folder}' has {classes.Count} class sub-folders; at most 256 are supported");
        var labelled = classes.Count >= 2;
        var files = labelled ? classes.SelectMany(c => c.Files).ToList() : ImagesUnder(folder);
        if (files.Count == 0)
            throw DcganException.Usage($"{role} '{folder}' holds no images (looked for {string.Join(", ", Extensions.Order())}, in sub-folders too)");
        var labels = labelled ? classes.SelectMany((c, label) => c.Files.Select(_ => (byte)label)).ToArray() : null;

        var size = imageSize ?? FirstImageSize(files[0]);
        var length = (long)channels * size * size;
        if (length * files.Count > MemoryLimitBytes)
            throw new DcganException($"{role} '{folder}' holds {files.Count:N0} images, {length * files.Count / (1 << 20):N0} MB at {size}x{size}: more than evaluation keeps in memory; use a smaller sample of it");
        var pixels = new byte[length * files.Count];
        for (var i = 0; i < files.Count; i++)
            Decode(files[i], size, channels).CopyTo(pixels.AsSpan((int)(i * length), (int)length));

        var kind = labelled ? $"{classes.Count} classes" : "unlabelled";
        var description = $"folder '{folder}' ({files.Count:N0} images, {kind}, at {size}x{size}x{channels})";
        var identity = $"folder:{Path.GetFullPath(folder)}|{files.Count}|{size}x{channels}|{ContentHash.OfListing(folder, files)[..16]}";
        var names = labelled ? classes.Select(c => c.Name).ToArray() : [];
        return new LabelledImages(new ImageFolderImages(pixels, files.Count, channels, size, description), labels, names, identity);
    }

    static List<string> ImagesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToList();

    static int FirstImageSize(string file)
    {
        using var codec = SKCodec.Create(file) ?? throw Unreadable(file);
        if (codec.Info.Width != codec.Info.Height)
            throw DcganException.Usage($"'{file}' is {codec.Info.Width}x{codec.Info.Height}: generated images must be square; give --image-size to resize them");
        return codec.Info.Width;
    }

    /// <summary>One image as CHW bytes: shorter side resized to <paramref name="size"/>, centre-cropped.</summary>
    static byte[] Decode(string file, int size, int channels)
    {
        using var decoded = SKBitmap.Decode(file) ?? throw Unreadable(file);
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 ? null : decoded.Copy(SKColorType.Rgba8888) ?? throw Unreadable(file);
        var bitmap = rgba ?? decoded;
        var (width, height) = (bitmap.Width, bitmap.Height);

        using var scope = NewDisposeScope();
        var hwc = tensor(bitmap.GetPixelSpan().ToArray(), new long[] { height, width, 4 });
        var image = hwc.narrow(2, 0, 3).permute(2, 0, 1).unsqueeze(0).to(float32);
        if (channels == 1)
        {
            var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }).view(1, 3, 1, 1);
            image = (image * weights).sum(1, keepdim: true);
        }
        // Shorter side to size, keeping the aspect ratio, then the centre size x size.
        var scale = size / (double)Math.Min(width, height);
        var (newHeight, newWidth) = ((long)Math.Max(size, Math.Round(height * scale)), (long)Math.Max(size, Math.Round(width * scale)));
        if (newHeight != height || newWidth != width)
            image = F.interpolate(image, new[] { newHeight, newWidth }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: scale < 1);
        image = image.narrow(2, (newHeight - size) / 2, size).narrow(3, (newWidth - size) / 2, size);
        return image.round().clamp(0, 255).to(uint8).contiguous().data<byte>().ToArray();
    }

    static DcganException Unreadable(string file) =>
        new($"'{file}' is not a readable image; remove it from the folder or re-save it as PNG");
}
