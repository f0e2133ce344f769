using System.CommandLine;
using DcganSharp.Data;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan data fetch NAME`: downloads a dataset (MD5-checked) so training can run offline.</summary>
internal static class DataFetchCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var name = new Argument<string>("name") { Description = "mnist | fashion-mnist | cifar10" };
        var dataroot = WithDefault("--dataroot", "Data root to download into (the same --dataroot as for training)", "./data");
        var command = new Command("fetch", "Download a dataset into the data root, unless it is already there") { name, dataroot };
        command.SetAction(parsed =>
        {
            var dataset = parsed.GetValue(name)!;
            var root = parsed.GetValue(dataroot)!;
            switch (Spelling.Parse<DatasetKind>(dataset))
            {
                case DatasetKind.Mnist or DatasetKind.FashionMnist:
                    var family = MnistFamily.Parse(dataset);
                    // ReplaceSubset: an explicit fetch is the moment to upgrade the npm stand-in to the full set.
                    var files = MnistFiles.Obtain(family, root, MnistSplit.Train, output, new MnistObtainOptions { ReplaceSubset = true });
                    output.WriteLine($"{family.DisplayName}: {files.Description}");
                    break;
                case DatasetKind.Cifar10:
                    output.WriteLine($"CIFAR-10: batches in '{Cifar10Files.Obtain(root, output)}'");
                    break;
                case DatasetKind.CelebA:
                    throw new DcganException(
                        $"CelebA cannot be downloaded automatically (it is shared through Google Drive for non-commercial research): download img_align_celeba.zip " +
                        $"and list_eval_partition.txt from https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html and unzip them into '{root}'");
                case DatasetKind.Folder or DatasetKind.Fake:
                    throw DcganException.Usage($"there is nothing to fetch for {dataset}; use mnist, fashion-mnist or cifar10");
                default:
                    throw DcganException.Usage($"unknown dataset '{dataset}'; use mnist, fashion-mnist or cifar10");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
