using System.Buffers.Binary;

namespace DcganSharp.Data;

/// <summary>
/// `dcgan data info`: recognises what a path holds (an image folder, a CelebA root, CIFAR-10
/// batches, MNIST-family IDX files, or a single file of any of those kinds) and describes it.
/// </summary>
internal static class DatasetInspector
{
    public static void Inspect(string path, TextWriter output, int workers = 2, int listLimit = 20)
    {
        if (File.Exists(path))
        {
            InspectFile(path, output);
            return;
        }
        if (!Directory.Exists(path))
            throw new DcganException($"'{path}' does not exist; give a dataset folder or file");

        if (Cifar10Files.Locate(path) is { } cifar)
        {
            InspectCifar(cifar, output);
            return;
        }
        if (LooksLikeCelebA(path))
        {
            InspectCelebA(path, output, workers, listLimit);
            return;
        }
        var locator = new MnistLocator(systemDirectories: []);
        var idx = MnistFamily.All
            .SelectMany(family => new[] { MnistSplit.Train, MnistSplit.Test }.Select(split => locator.Locate(family, path, split)))
            .OfType<MnistFileSet>()
            .DistinctBy(set => set.ImagesPath)
            .ToList();
        if (idx.Count > 0)
        {
            foreach (var set in idx)
                InspectIdx(set.ImagesPath, $"{set.Family.DisplayName} {MnistLocator.SplitName(set.Split)}", output);
            return;
        }

        var scan = ImageFolderScanner.Scan(path, "the path");
        output.WriteLine($"image folder '{path}' (all subfolders)");
        ImageFolderSurvey.Run(scan, workers: workers).WriteTo(output, listLimit);
    }

    static bool LooksLikeCelebA(string path) =>
        Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar)) == CelebAFolder.ImagesFolderName
        || Directory.Exists(Path.Combine(path, CelebAFolder.ImagesFolderName))
        || Directory.Exists(Path.Combine(path, "celeba", CelebAFolder.ImagesFolderName));

    static void InspectCelebA(string path, TextWriter output, int workers, int listLimit)
    {
        var celeba = CelebAFolder.Locate(path);
        output.WriteLine($"CelebA images '{celeba.ImagesFolder}'");
        var scan = ImageFolderScanner.Scan(celeba.ImagesFolder, "the path");
        if (celeba.PartitionFile is null)
        {
            output.WriteLine("  partitions: no list_eval_partition.txt (training uses every image)");
        }
        else
        {
            var partitions = CelebAFolder.ReadPartitions(celeba.PartitionFile);
            var present = scan.Images.Select(Path.GetFileName).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
            var counts = new int[3];
            foreach (var (file, partition) in partitions)
            {
                if (present.Contains(file))
                    counts[partition]++;
            }
            var missing = partitions.Keys.Count(f => !present.Contains(f));
            output.WriteLine($"  partitions ('{Path.GetFileName(celeba.PartitionFile)}'): train {counts[0]:N0}, valid {counts[1]:N0}, test {counts[2]:N0}" +
                (missing > 0 ? $"; {missing:N0} listed file(s) missing" : ""));
        }
        ImageFolderSurvey.Run(scan, workers: workers).WriteTo(output, listLimit);
    }

    static void InspectCifar(string folder, TextWriter output)
    {
        output.WriteLine(Cifar10Files.IsPythonVersion(folder)
            ? $"CIFAR-10 python batches '{folder}' (32x32 RGB, pickled as torchvision downloads them)"
            : $"CIFAR-10 binary batches '{folder}' (32x32 RGB, 3,073-byte records)");
        var total = 0;
        foreach (var name in Cifar10Files.AllBatchNames(folder))
        {
            var file = Path.Combine(folder, name);
            if (!File.Exists(file))
            {
                output.WriteLine($"  {name}: missing");
                continue;
            }
            var count = Cifar10Reader.RecordCount(file);
            total += count;
            output.WriteLine($"  {name}: {count:N0} images");
        }
        output.WriteLine($"  total: {total:N0} images");
    }

    static void InspectIdx(string file, string what, TextWriter output)
    {
        var images = IdxReader.ReadImages(file);
        output.WriteLine($"{what}: '{file}': {images.Count:N0} images {images.Columns}x{images.Rows}, 1 channel (L)");
    }

    static void InspectFile(string path, TextWriter output)
    {
        if (ImageFileTypes.IsImage(path))
        {
            var result = ImageDecoder.Decode(path, new DecodeSettings(8), new byte[3 * 8 * 8]);
            if (result.Header is not { } header)
                throw new DcganException($"'{path}' is not a readable image: {result.Problem}");
            output.WriteLine($"image '{path}': {header.Format} {header.DisplayWidth}x{header.DisplayHeight} {header.Mode}" +
                (header.Origin == SkiaSharp.SKEncodedOrigin.TopLeft ? "" : $", EXIF orientation {(int)header.Origin}") +
                (result.Succeeded ? "" : $"; unreadable: {result.Problem}"));
            return;
        }
        if (StartsWithIdxImagesMagic(path))
        {
            InspectIdx(path, "IDX images", output);
            return;
        }
        if (Path.GetExtension(path).Equals(".bin", StringComparison.OrdinalIgnoreCase))
        {
            output.WriteLine($"CIFAR-10 binary batch '{path}': {Cifar10Reader.RecordCount(path):N0} images 32x32 RGB");
            return;
        }
        throw new DcganException($"'{path}' is not an image, an IDX image file or a CIFAR-10 .bin batch; give a dataset folder or one of those files");
    }

    static bool StartsWithIdxImagesMagic(string path)
    {
        using var stream = IdxReader.OpenContent(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && BinaryPrimitives.ReadInt32BigEndian(magic) == IdxReader.ImagesMagic;
    }
}
