using System.Diagnostics.CodeAnalysis;
using DcganSharp.Data;

using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>
/// The images of a folder (PNG, JPEG, BMP, GIF, WebP), decoded once and kept as 8-bit pixels at
/// one size. Like torchvision's ImageFolder, a folder with two or more sub-folders of images is
/// labelled data (one class per sub-folder, in name order); otherwise every image under the
/// folder is taken, unlabelled. Images are resized so their shorter side fits and centre-cropped,
/// as pytorch/examples' Resize + CenterCrop does, by the same decoder as training folders
/// (<see cref="ImageDecoder"/>), and listed by the same scanner (<see cref="ImageFolderScanner"/>).
/// </summary>
internal sealed class ImageFolderImages : IImageDataset
{
    const long MemoryLimitBytes = 2L << 30;

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

    public string Describe(int index) => $"image #{index}";

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
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

        var scan = ImageFolderScanner.Scan(folder, role);
        // Relative paths: "class/…/image.png" for labelled folders, in sorted order.
        var classes = scan.Images.Where(f => f.Contains(Path.DirectorySeparatorChar))
            .GroupBy(f => f[..f.IndexOf(Path.DirectorySeparatorChar)], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Files: g.Select(scan.FullPath).ToList()))
            .ToList();
        if (classes.Count > 256)
            throw DcganException.Usage($"{role} '{folder}' has {classes.Count} class sub-folders; at most 256 are supported");
        var labelled = classes.Count >= 2;
        var files = labelled ? classes.SelectMany(c => c.Files).ToList() : scan.Images.Select(scan.FullPath).ToList();
        if (files.Count == 0)
            throw DcganException.Usage($"{role} '{folder}' holds no images (looked for {ImageFileTypes.Supported} files, in sub-folders too)");
        var labels = labelled ? classes.SelectMany((c, label) => c.Files.Select(_ => (byte)label)).ToArray() : null;

        var size = imageSize ?? FirstImageSize(files[0]);
        var length = (long)channels * size * size;
        if (length * files.Count > MemoryLimitBytes)
            throw new DcganException($"{role} '{folder}' holds {files.Count:N0} images, {length * files.Count / (1 << 20):N0} MB at {size}x{size}: more than evaluation keeps in memory; use a smaller sample of it");
        var pixels = new byte[length * files.Count];
        var settings = new DecodeSettings(size, channels);
        for (var i = 0; i < files.Count; i++)
        {
            var result = ImageDecoder.Decode(files[i], settings, pixels.AsSpan((int)(i * length), (int)length));
            if (!result.Succeeded)
                throw new DcganException($"'{files[i]}' is not a readable image ({result.Problem}); remove it from the folder or re-save it as PNG");
        }

        var kind = labelled ? $"{classes.Count} classes" : "unlabelled";
        var description = $"folder '{folder}' ({files.Count:N0} images, {kind}, at {size}x{size}x{channels})";
        var identity = $"folder:{Path.GetFullPath(folder)}|{files.Count}|{size}x{channels}|{ContentHash.OfListing(folder, files)[..16]}";
        var names = labelled ? classes.Select(c => c.Name).ToArray() : [];
        return new LabelledImages(new ImageFolderImages(pixels, files.Count, channels, size, description), labels, names, identity);
    }

    static int FirstImageSize(string file)
    {
        var header = ImageDecoder.ReadHeader(file, out var problem)
            ?? throw new DcganException($"'{file}' is not a readable image ({problem}); remove it from the folder or re-save it as PNG");
        if (header.DisplayWidth != header.DisplayHeight)
            throw DcganException.Usage($"'{file}' is {header.DisplayWidth}x{header.DisplayHeight}: generated images must be square; give --image-size to resize them");
        return header.DisplayWidth;
    }
}
