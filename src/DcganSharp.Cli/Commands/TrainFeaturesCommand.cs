using System.CommandLine;
using System.Globalization;
using DcganSharp.Evaluation;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan evaluate train-features`: trains the LeNet feature network the quality metrics use.</summary>
internal static class TrainFeaturesCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var dataset = new Option<string>("--dataset")
        {
            Description = $"Training data: {string.Join(" | ", RealData.Names)} (folder: one sub-folder per class, or unlabelled images)",
            Required = true,
        };
        var dataroot = Optional<string>("--dataroot", "Path to the dataset (MNIST files are downloaded here when missing) or the image folder");
        var outFile = new Option<string>("--out", "-o") { Description = "Where to write the network (.pt, a PyTorch state_dict); its metadata goes to FILE.json beside it", Required = true };
        var epochs = WithDefault("--epochs", "Passes over the training images", 5, "--niter");
        var batchSize = WithDefault("--batch-size", "Images per training batch", 128, "-b");
        var lr = WithDefault("--lr", "Learning rate (Adam)", 1e-3);
        var imageSize = Optional<int?>("--image-size", "Input size of the network for folders (a multiple of 4; default 32); MNIST-family data is 28", "--imageSize");
        var channels = WithDefault("--nc", "Channels for folders: 1 (gray) or 3 (RGB)", 3);
        var maxIterations = Optional<int?>("--max-iterations", "Stop after this many batches in all (quick runs)");
        var width = WithDefault("--width", "Filters of the first convolution (the second has twice as many)", Evaluation.LeNetClassifier.DefaultWidth);
        var seed = WithDefault("--seed", "Random seed (initial weights, batch order)", 1, "--manual-seed");
        var device = WithDefault("--device", "cpu | cuda | cuda:N | auto", "auto");
        var noDownload = Flag("--no-download", "Never download datasets; fail if the files are missing");

        var command = new Command("train-features", "Train the LeNet feature network (classifier) that FID, KID, precision/recall and class coverage are measured with")
        {
            dataset, dataroot, outFile, epochs, batchSize, lr, imageSize, channels, maxIterations, width, seed, device, noDownload,
        };
        command.SetAction(parsed =>
        {
            var name = RealData.Canonical(parsed.GetValue(dataset)!);
            var options = new FeatureTrainingOptions(parsed.GetValue(epochs), parsed.GetValue(batchSize), parsed.GetValue(lr), parsed.GetValue(seed),
                parsed.GetValue(maxIterations), Width: parsed.GetValue(width));
            if (options.Width is < 1 or > 1024)
                throw DcganException.Usage($"--width must be 1 to 1024, got {options.Width}");
            if (options.Epochs < 1)
                throw DcganException.Usage($"--epochs must be at least 1, got {options.Epochs}");
            if (options.BatchSize is < 2 or > 65536)
                throw DcganException.Usage($"--batch-size must be 2 to 65536, got {options.BatchSize}");
            if (options.LearningRate is <= 0 or > 1 || double.IsNaN(options.LearningRate))
                throw DcganException.Usage($"--lr must be in (0, 1], got {options.LearningRate}");
            if (options.MaxIterations is < 1)
                throw DcganException.Usage($"--max-iterations must be at least 1, got {options.MaxIterations}");
            var native = RealData.NativeShape(name);
            var size = native?.Size ?? parsed.GetValue(imageSize) ?? 32;
            if (native is not null && parsed.GetValue(imageSize) is { } asked && asked != native.Value.Size)
                throw DcganException.Usage($"--image-size {asked}: {name} features are trained at its native {native.Value.Size}x{native.Value.Size}; leave --image-size out");
            if (size is < 8 or > 256 || size % 4 != 0)
                throw DcganException.Usage($"--image-size must be a multiple of 4 from 8 to 256, got {size}");
            var nc = native?.Channels ?? parsed.GetValue(channels);
            if (nc is not (1 or 3))
                throw DcganException.Usage($"--nc must be 1 or 3, got {nc}");
            var target = TrainCommand.ResolveDevice(parsed.GetValue(device)!);
            var path = parsed.GetValue(outFile)!;

            using var data = RealData.OpenTrainAndTest(name, parsed.GetValue(dataroot), size, nc, !parsed.GetValue(noDownload), output, options.Seed);
            var (network, info) = FeatureNetTrainer.Train(data, name, options, target, output);
            using (network)
                FeatureNetFile.Save(network, info, path);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {path} and {FeatureNetFile.MetadataPath(path)}: accuracy {info.Accuracy:P2} on {info.AccuracyOn}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
