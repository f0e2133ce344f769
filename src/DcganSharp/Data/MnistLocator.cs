namespace DcganSharp.Data;

/// <summary>
/// Finds the IDX files of an MNIST-family dataset under a data root, in the layouts people
/// already have on disk, so existing copies are reused instead of downloaded again:
/// torchvision's &lt;root&gt;/MNIST/raw and &lt;root&gt;/FashionMNIST/raw, &lt;root&gt;/MNIST,
/// &lt;root&gt;/mnist and &lt;root&gt;/fashion-mnist, the root itself, and last the folders a
/// system package installs into (Debian's dataset-fashion-mnist).
/// </summary>
internal sealed class MnistLocator
{
    private readonly IReadOnlyList<string>? _systemDirectories;

    /// <param name="systemDirectories">
    /// Replaces every family's <see cref="MnistFamily.SystemDirectories"/> (tests point it at a
    /// temporary folder); null keeps the real ones.
    /// </param>
    public MnistLocator(IReadOnlyList<string>? systemDirectories = null) => _systemDirectories = systemDirectories;

    /// <summary>The folders searched, in order. The first three belong to this family alone.</summary>
    public IReadOnlyList<string> SearchDirectories(MnistFamily family, string root)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(root);
        var folders = new List<string>
        {
            family.RawDirectory(root),
            Path.Combine(root, family.TorchvisionFolder),
            Path.Combine(root, family.Name),
            root,
        };
        folders.AddRange(_systemDirectories ?? family.SystemDirectories);
        // Case-insensitive file systems make MNIST and mnist the same folder; searching it twice is harmless.
        return folders.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Returns the first folder holding both files of <paramref name="split"/>, or null when none
    /// does. Only names are checked here (and, cheaply, which dataset the labels belong to); the
    /// content is validated when it is read.
    /// </summary>
    public MnistFileSet? Locate(MnistFamily family, string root, MnistSplit split)
    {
        var folders = SearchDirectories(family, root);
        for (var i = 0; i < folders.Count; i++)
        {
            var found = LocateIn(family, folders[i], split, ownFolder: i < 3);
            if (found is not null)
                return found;
        }
        return null;
    }

    private static MnistFileSet? LocateIn(MnistFamily family, string folder, MnistSplit split, bool ownFolder)
    {
        if (!Directory.Exists(folder))
            return null;

        var images = family.Images(split);
        var labels = family.Labels(split);
        string? imagesPath, labelsPath;
        var subset = false;
        if (File.Exists(Path.Combine(folder, NpmMnistImporter.MarkerFileName)))
        {
            // The npm fallback writes uncompressed files next to its marker; if the canonical .gz
            // files were downloaded into the same folder later, they win.
            imagesPath = Existing(folder, images.GzName);
            labelsPath = Existing(folder, labels.GzName);
            if (imagesPath is null || labelsPath is null)
            {
                imagesPath = Existing(folder, images.Name);
                labelsPath = Existing(folder, labels.Name);
                subset = true;
            }
        }
        else
        {
            // Prefer the uncompressed copy (torchvision keeps both): it loads faster.
            imagesPath = Existing(folder, images.Name) ?? Existing(folder, images.GzName);
            labelsPath = Existing(folder, labels.Name) ?? Existing(folder, labels.GzName);
        }
        if (imagesPath is null || labelsPath is null)
            return null;

        // The two datasets share file names, so a copy in the wrong folder would silently train on
        // the other one. Labels identify the dataset cheaply (60 kB).
        var owner = OwnerOfLabels(labelsPath);
        if (owner is not null && owner != family)
        {
            if (!ownFolder)
                return null;
            throw new DcganException(
                $"'{labelsPath}' holds {owner.DisplayName} labels, not {family.DisplayName}: move the {owner.DisplayName} files to " +
                $"{EndWithSeparator(owner.RawDirectory(RootOf(family, folder)))} and put the {family.DisplayName} files in {EndWithSeparator(folder)}");
        }

        var description = subset
            ? $"a {NpmMnistImporter.SubsetImageCount:N0}-image {family.DisplayName} subset from the npm package {NpmMnistImporter.PackageSpec} " +
              $"in '{folder}' (delete that folder and rerun with network access for all {MnistFamily.PublishedCount(split):N0} images)"
            : $"{family.DisplayName} {SplitName(split)} from '{folder}'";
        return new MnistFileSet(family, split, imagesPath, labelsPath, subset, description);
    }

    private static MnistFamily? OwnerOfLabels(string labelsPath)
    {
        var md5 = Checksums.ContentMd5(labelsPath);
        return MnistFamily.All.FirstOrDefault(f => f.Labels(MnistSplit.Train).RawMd5 == md5 || f.Labels(MnistSplit.Test).RawMd5 == md5);
    }

    /// <summary>The data root a family-specific folder hangs off, for pointing at the right sibling.</summary>
    private static string RootOf(MnistFamily family, string folder)
    {
        var raw = family.RawDirectory("");
        if (folder.EndsWith(raw, StringComparison.Ordinal))
            return Path.TrimEndingDirectorySeparator(folder[..^raw.Length]);
        return Path.GetDirectoryName(folder) ?? folder;
    }

    private static string? Existing(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path) ? path : null;
    }

    internal static string SplitName(MnistSplit split) => split == MnistSplit.Train ? "train" : "test";

    internal static string EndWithSeparator(string folder) =>
        Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
}
