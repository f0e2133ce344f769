using System.CommandLine;
using DcganSharp.Data;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan data export NAME --out DIR`: a dataset's images, as training sees them, as PNG files.</summary>
internal static class DataExportCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var name = new Argument<string>("name") { Description = string.Join(" | ", Spelling.Shown<DatasetKind>()) };
        var dataroot = WithDefault("--dataroot", "Where the dataset is (as for training)", "./data");
        var outDir = new Option<string>("--out", "-o") { Description = "Folder to write 00000.png, 00001.png, ... into", Required = true };
        var limit = Optional<int?>("--limit", "Export only the first N images");
        var imageSize = Optional<int?>("--image-size", "Size of the exported squares (default: 28 for MNIST, 32 for CIFAR-10, 64 otherwise)", "--imageSize");
        var channels = Optional<int?>("--channels", "1 (grayscale) or 3 (colour); default: the dataset's own");
        var split = Optional<string>("--split", "train | valid | test | all, for celeba and cifar10 (default train)");
        var celebaCrop = Optional<int?>("--celeba-crop", "CelebA centre crop before resizing (default 108; 0: the largest square)");
        var workers = WithDefault("--workers", "Threads decoding and writing images", Math.Max(1, Environment.ProcessorCount), "-j");
        var noDownload = Flag("--no-download", "Never download datasets; fail if the files are missing");
        var command = new Command("export", "Write a dataset's images as PNG files (e.g. to inspect it, or to build an image folder)")
        {
            name, dataroot, outDir, limit, imageSize, channels, split, celebaCrop, workers, noDownload,
        };
        command.SetAction(parsed =>
        {
            var dataset = parsed.GetValue(name)!;
            var kind = Spelling.Parse<DatasetKind>(dataset)
                ?? throw DcganException.Usage($"unknown dataset '{dataset}'; use one of {string.Join(", ", Spelling.Shown<DatasetKind>())}");
            var size = parsed.GetValue(imageSize) ?? DatasetFactory.NativeImageSize(kind) ?? 64;
            if (size is < 1 or > 4096)
                throw DcganException.Usage($"--image-size must be 1 to 4096, got {size}");
            if (parsed.GetValue(limit) is { } most && most < 1)
                throw DcganException.Usage($"--limit must be at least 1, got {most}");
            if (parsed.GetValue(workers) is var threads && threads < 1)
                throw DcganException.Usage($"--workers must be at least 1, got {threads}");
            var options = new DatasetRequest(kind, parsed.GetValue(dataroot), size, parsed.GetValue(channels), Cache: false,
                Split: TrainCommand.ParseSplit(parsed.GetValue(split)), CelebaCrop: parsed.GetValue(celebaCrop), Download: !parsed.GetValue(noDownload))
            {
                Names = TrainCommand.Flags,
            };
            if (options.Channels is not (null or 1 or 3))
                throw DcganException.Usage($"--channels must be 1 or 3, got {options.Channels}");

            using var data = DatasetFactory.Open(options, seed: 0, output);
            var target = parsed.GetValue(outDir)!;
            var (written, skipped) = DatasetExporter.Export(data, target, parsed.GetValue(limit), threads);
            foreach (var image in skipped)
                errors.WriteLine($"warning: skipped unreadable image {image}");
            var mode = data.Channels == 1 ? "grayscale" : "RGB";
            output.WriteLine($"exported {written:N0} image(s) ({size}x{size} {mode}) from {data.Description} to '{target}'" +
                (skipped.Count > 0 ? $"; {skipped.Count:N0} unreadable skipped" : ""));
            return ExitCodes.Success;
        });
        return command;
    }
}
