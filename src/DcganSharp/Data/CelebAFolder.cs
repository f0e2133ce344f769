namespace DcganSharp.Data;

/// <summary>
/// CelebA's aligned-and-cropped faces (img_align_celeba, 178x218 JPEGs) and, when present, its
/// list_eval_partition file (0 train, 1 valid, 2 test). Found in the layouts the dataset ships
/// in: &lt;root&gt;/img_align_celeba, torchvision's &lt;root&gt;/celeba/img_align_celeba, Kaggle's
/// doubly nested img_align_celeba/img_align_celeba with a .csv partition list, or the image
/// folder itself.
/// </summary>
internal sealed record CelebAFolder(string ImagesFolder, string? PartitionFile)
{
    public const string ImagesFolderName = "img_align_celeba";

    /// <summary>The customary DCGAN face crop: a centred 108x108 square of the 178x218 image.</summary>
    public const int DefaultCrop = 108;

    static readonly string[] PartitionNames = ["list_eval_partition.txt", "list_eval_partition.csv"];

    /// <summary>Finds the dataset under <paramref name="root"/>; throws with what to put where when it is not there.</summary>
    public static CelebAFolder Locate(string root)
    {
        var full = Path.GetFullPath(root);
        string[] candidates =
        [
            Path.Combine(full, ImagesFolderName),
            Path.Combine(full, "celeba", ImagesFolderName),
            full,
        ];
        var images = candidates.FirstOrDefault(c => Directory.Exists(c) && Path.GetFileName(c) == ImagesFolderName)
            ?? throw new DcganException(
                $"CelebA not found under '{root}': expected a folder {ImagesFolderName}/ of 178x218 JPEGs there; download img_align_celeba.zip " +
                "(and list_eval_partition.txt) from https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html and unzip it into that folder");
        var parent = Path.GetDirectoryName(images)!;
        var partition = new[] { parent, Path.Combine(parent, "Eval"), full, Path.Combine(full, "Eval") }
            .SelectMany(folder => PartitionNames.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
        return new CelebAFolder(images, partition);
    }

    /// <summary>File name to partition (0, 1, 2) from a .txt ("000001.jpg 0") or .csv ("image_id,partition") list.</summary>
    public static Dictionary<string, int> ReadPartitions(string path)
    {
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 0)
                continue;
            if (fields.Length != 2 || !int.TryParse(fields[1], out var partition) || partition is < 0 or > 2)
            {
                if (number == 1)
                    continue; // the .csv header
                throw new DcganException($"'{path}' line {number} is not \"<file name> <0|1|2>\": '{line.Trim()}'; restore the original list_eval_partition file or delete it to train on every image");
            }
            partitions[fields[0]] = partition;
        }
        return partitions;
    }

    /// <summary>
    /// The faces of <paramref name="split"/> (null: the train split when a partition list exists, else
    /// every image), <paramref name="crop"/>-pixel centre squares (null: 108; 0: the largest
    /// square) resized to the settings' size.
    /// </summary>
    /// <param name="names">How errors name <see cref="DcganOptions.Split"/> and <see cref="DcganOptions.DataRoot"/>.</param>
    public static FolderImageDataset Open(string root, DataSplit? split, int? crop, DecodeSettings settings, bool cache, TextWriter log, SettingNames names)
    {
        var celeba = Locate(root);
        var scan = ImageFolderScanner.Scan(celeba.ImagesFolder, names.Name(nameof(DcganOptions.DataRoot)));
        IReadOnlyList<string> files = scan.Images;
        var chosen = split ?? DataSplit.Train;
        string what;
        if (celeba.PartitionFile is null)
        {
            if (split is { } explicitSplit && explicitSplit != DataSplit.All)
                throw new DcganException($"{names.Setting(nameof(DcganOptions.Split), explicitSplit)} needs CelebA's list_eval_partition.txt next to '{celeba.ImagesFolder}'; " +
                    $"download it from the CelebA site or use {names.Setting(nameof(DcganOptions.Split), DataSplit.All)}");
            if (split is null)
                log.WriteLine($"note: no list_eval_partition.txt next to '{celeba.ImagesFolder}'; training on every image");
            what = "all images";
        }
        else if (chosen == DataSplit.All)
        {
            what = "all images";
        }
        else
        {
            var partitions = ReadPartitions(celeba.PartitionFile);
            var wanted = (int)chosen;
            files = scan.Images.Where(f => partitions.TryGetValue(Path.GetFileName(f), out var p) && p == wanted).ToList();
            what = $"{Spelling.Of(chosen)} split";
        }
        if (files.Count == 0)
            throw new DcganException($"CelebA under '{root}' has no images in the {what} ('{celeba.ImagesFolder}' holds {scan.Images.Count:N0} images); check the folder and list_eval_partition.txt");

        var side = crop ?? DefaultCrop;
        var shaped = settings with { CropSide = side == 0 ? null : side };
        var cropText = side == 0 ? "largest centre square" : $"centre {side}x{side} crop";
        var gray = settings.Channels == 1 ? ", grayscale" : "";
        var description = $"CelebA {what} ({files.Count:N0} images), {cropText} resized to {settings.ImageSize}x{settings.ImageSize}{gray}";
        var dataset = new FolderImageDataset(scan.Root, files, shaped, description, cache, log, names);
        dataset.RequireOneReadable();
        return dataset;
    }
}
