using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// Images read from files (JPEG, PNG, BMP, GIF, WebP) and decoded when they are read, on the
/// loader's worker threads: pytorch/examples' <c>--dataset folder</c> (also <c>imagenet</c>,
/// <c>lfw</c>), and CelebA. No class subfolders are needed. Files that cannot be decoded are
/// reported by the loader and skipped. With <c>cache</c> on, decoded images are kept in memory
/// after their first read, when they fit <see cref="CacheBudget"/>.
/// </summary>
/// <remarks>
/// Files are not validated one by one at start-up: opening even their headers would cost a disk
/// read per file (minutes for a cold folder of 200,000 faces). The scan goes by extension only,
/// and <see cref="RequireOneReadable"/> decodes just until one image succeeds; broken files are
/// found when the workers reach them, warned about once and skipped. `dcgan data info` checks
/// a whole folder up front when that is wanted.
/// </remarks>
internal sealed class FolderImageDataset : IImageDataset
{
    readonly DecodedImageCache? cache;
    readonly SettingNames names;

    /// <param name="root">Folder the <paramref name="files"/> are relative to.</param>
    /// <param name="files">Image paths relative to <paramref name="root"/> ('/' separators), in dataset order.</param>
    /// <param name="log">Receives a note when <paramref name="cache"/> is asked for but the images do not fit.</param>
    /// <param name="names">How notes and errors name <see cref="DcganOptions.Cache"/> and <see cref="DcganOptions.DataRoot"/>.</param>
    public FolderImageDataset(string root, IReadOnlyList<string> files, DecodeSettings settings, string description, bool cache = false, TextWriter? log = null,
        SettingNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
            throw new ArgumentException("a folder dataset needs at least one file", nameof(files));
        Root = root;
        this.names = names ?? SettingNames.Library;
        Files = files;
        Settings = settings;
        Description = description;
        if (cache)
        {
            var bytes = CacheBudget.BytesFor(files.Count, settings.Channels, settings.ImageSize);
            if (CacheBudget.Fits(bytes))
                this.cache = new DecodedImageCache(files.Count, settings.PlanarLength);
            else
                log?.WriteLine(CacheBudget.TooLarge(bytes, this.names));
        }
    }

    /// <summary>
    /// Every image under <paramref name="root"/>, recursively, in sorted order. Fails with one line
    /// when there is no image file, or when not one of them can be decoded.
    /// </summary>
    public static FolderImageDataset Open(string root, DecodeSettings settings, bool cache, TextWriter log, SettingNames names)
    {
        var scan = ImageFolderScanner.Scan(root, names.Name(nameof(DcganOptions.DataRoot)));
        if (scan.Images.Count == 0)
        {
            var others = scan.OtherFileCount == 0 ? "it holds no files" : $"it holds only {scan.OtherFilesSummary()}";
            throw new DcganException($"no images found under '{root}' ({others}); dcgan reads {ImageFileTypes.Supported} files ({string.Join(", ", ImageFileTypes.Extensions.Order(StringComparer.Ordinal))}) in the folder and all its subfolders");
        }
        if (scan.OtherFileCount > 0)
            log.WriteLine($"note: '{root}': {scan.OtherFilesSummary()}");
        if (scan.RevisitedFolders > 0)
            log.WriteLine($"note: '{root}': {scan.RevisitedFolders} folder link(s) lead to folders already scanned; their images are counted once");
        var gray = settings.Channels == 1 ? " grayscale" : "";
        var description = $"folder '{root}': {scan.Images.Count:N0} images, centre-cropped and resized to {settings.ImageSize}x{settings.ImageSize}{gray}";
        var dataset = new FolderImageDataset(scan.Root, scan.Images, settings, description, cache, log, names);
        dataset.RequireOneReadable();
        dataset.Classes = ClassLabels.FromSubfolders(scan.Images);
        return dataset;
    }

    public string Root { get; }

    /// <summary>Image paths relative to <see cref="Root"/>, in dataset order.</summary>
    public IReadOnlyList<string> Files { get; }

    public DecodeSettings Settings { get; }

    public string Description { get; }

    /// <summary>One class per subfolder of <see cref="Root"/> (as torchvision's ImageFolder); null when some image lies in the root itself.</summary>
    public ClassLabels? Classes { get; private set; }

    public int Count => Files.Count;

    public int Channels => Settings.Channels;

    public int ImageSize => Settings.ImageSize;

    /// <summary>Whether decoded images are kept in memory after their first read.</summary>
    public bool Cached => cache is not null;

    public string FullPath(int index) => Path.Combine(Root, Files[index]);

    public string Describe(int index) => Files[index];

    public bool TryRead(int index, Span<float> destination, [NotNullWhen(false)] out string? problem)
    {
        if (cache is null)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(Settings.PlanarLength);
            try
            {
                var pixels = scratch.AsSpan(0, Settings.PlanarLength);
                var result = ImageDecoder.Decode(FullPath(index), Settings, pixels);
                if (!result.Succeeded)
                {
                    problem = result.Problem;
                    return false;
                }
                PixelPlanes.ToUnitRange(pixels, destination);
                problem = null;
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        if (!cache.IsFilled(index))
        {
            if (cache.TryGetFailure(index, out var known))
            {
                problem = known;
                return false;
            }
            var result = ImageDecoder.Decode(FullPath(index), Settings, cache.Slot(index));
            if (!result.Succeeded)
            {
                cache.RememberFailure(index, result.Problem);
                problem = result.Problem;
                return false;
            }
            cache.MarkFilled(index);
        }
        PixelPlanes.ToUnitRange(cache.Slot(index), destination);
        problem = null;
        return true;
    }

    /// <summary>
    /// Decodes images in order until one succeeds (usually the first), so a folder of nothing
    /// but broken files fails at start-up rather than training on nothing.
    /// </summary>
    public void RequireOneReadable()
    {
        var scratch = new float[Settings.PlanarLength];
        string? firstProblem = null;
        for (var i = 0; i < Count; i++)
        {
            if (TryRead(i, scratch, out var problem))
                return;
            firstProblem ??= $"'{Files[i]}': {problem}";
        }
        throw new DcganException($"no readable image in '{Root}': all {Count:N0} image file(s) failed to decode (first, {firstProblem}); replace the files or point {names.Name(nameof(DcganOptions.DataRoot))} at another folder");
    }

    public void Dispose()
    {
    }
}
