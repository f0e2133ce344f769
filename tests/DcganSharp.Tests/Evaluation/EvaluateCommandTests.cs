using System.Text.Json;
using DcganSharp.Data;
using DcganSharp.Models;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Evaluation;

/// <summary>
/// `dcgan evaluate` and `dcgan evaluate train-features` end to end on small stand-in MNIST files
/// (random pixels; the metrics' values are not the point here) and a tiny 28x28 generator.
/// </summary>
public sealed class EvaluateCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("evaluate-cli-").FullName;
    readonly TorchThreads threads = new();

    public EvaluateCommandTests()
    {
        var raw = Directory.CreateDirectory(At("data", "MNIST", "raw")).FullName;
        IdxWriter.WriteImages(Path.Combine(raw, MnistFamily.Mnist.Images(MnistSplit.Train).Name), IdxFixtures.Images(600, seed: 1));
        IdxWriter.WriteLabels(Path.Combine(raw, MnistFamily.Mnist.Labels(MnistSplit.Train).Name), IdxFixtures.Labels(600));
        IdxWriter.WriteImages(Path.Combine(raw, MnistFamily.Mnist.Images(MnistSplit.Test).Name), IdxFixtures.Images(200, seed: 2));
        IdxWriter.WriteLabels(Path.Combine(raw, MnistFamily.Mnist.Labels(MnistSplit.Test).Name), IdxFixtures.Labels(200));
    }

    public void Dispose()
    {
        threads.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    string At(params string[] parts) => Path.Combine([folder, .. parts]);

    string TrainFeatures()
    {
        var path = At("features.pt");
        var result = CliRunner.Run("evaluate", "train-features", "--dataset", "mnist", "--dataroot", At("data"), "--out", path,
            "--epochs", "1", "--max-iterations", "3", "--width", "4", "--batch-size", "32", "--no-download", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("accuracy", result.Output);
        return path;
    }

    [Fact]
    public void Training_with_eval_every_records_fid_in_fid_csv_fid_png_and_metrics_csv()
    {
        var features = TrainFeatures();
        var outf = At("run");
        var result = CliRunner.Run("train", "--dataset", "mnist", "--dataroot", At("data"), "--no-download", "--image-size", "28",
            "--ngf", "4", "--ndf", "4", "--nz", "8", "--batch-size", "50", "--niter", "1", "--seed", "1", "--device", "cpu",
            "--outf", outf, "--eval-every", "5", "--eval-features", features, "--eval-samples", "40", "--cache-dir", At("cache"));
        Assert.True(result.ExitCode == 0, result.ToString());

        // 600 images in batches of 50: 12 iterations, measured after steps 5 and 10.
        Assert.Equal(2, result.Output.Split('\n').Count(l => l.Contains(": FID-LeNet ", StringComparison.Ordinal)));
        var fid = File.ReadAllLines(Path.Combine(outf, "fid.csv"));
        Assert.Equal(3, fid.Length);
        Assert.StartsWith("4,", fid[1]);
        Assert.StartsWith("9,", fid[2]);
        Assert.True(File.Exists(Path.Combine(outf, "fid.png")));
        var metrics = File.ReadAllLines(Path.Combine(outf, "metrics.csv"));
        Assert.EndsWith(",fid", metrics[0]);
        var measured = metrics.Skip(1).Where(l => !l.EndsWith(',')).Select(l => l.Split(',')[2]).ToArray();
        Assert.Equal(new[] { "4", "9" }, measured);
    }

    [Fact]
    public void Eval_every_on_gray_data_without_a_feature_network_is_a_usage_error()
    {
        // RGB data has a default judge (ResNet18); gray data needs a LeNet trained on it.
        var result = CliRunner.Run("train", "--dataset", "mnist", "--dataroot", At("data"), "--dry-run", "--outf", At("run2"), "--eval-every", "10");
        result.AssertOneLineError(2, "train-features");
        var gray = CliRunner.Run("train", "--dataset", "fake", "--channels", "1", "--dry-run", "--outf", At("run3"), "--eval-every", "10");
        gray.AssertOneLineError(2, "--eval-features");
    }

    [Fact]
    public void Trains_features_then_evaluates_a_generator_with_sanity_check_and_json()
    {
        var features = TrainFeatures();
        Assert.True(File.Exists(features + ".json"));
        var netG = TinyNetworks.SaveGenerator(folder, "netG_epoch_2.pth", new DcganArchitecture(28, 1, 8, 4, 4));

        var result = CliRunner.Run("evaluate", netG, "--dataset", "mnist", "--dataroot", At("data"), "--features", features,
            "--count", "300", "--kid-subsets", "4", "--sanity", "--json", At("report.json"), "--cache-dir", At("cache"),
            "--no-download", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 300 samples", result.Errors);
        Assert.Contains("FID", result.Output);
        Assert.Contains("Classes covered", result.Output);
        Assert.Contains("Sanity check: 200 images of MNIST test", result.Output);

        using var json = JsonDocument.Parse(File.ReadAllText(At("report.json")));
        var quality = json.RootElement.GetProperty("quality");
        Assert.Equal(300, quality.GetProperty("samples").GetInt64());
        Assert.True(quality.GetProperty("fid").GetDouble() > 0);
        Assert.Equal(300, quality.GetProperty("kid").GetProperty("subset_size").GetInt32());
        Assert.Equal(4, quality.GetProperty("kid").GetProperty("subsets").GetInt32());
        Assert.InRange(quality.GetProperty("precision").GetDouble(), 0, 1);
        Assert.Equal(300, quality.GetProperty("coverage").GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Equal(600, json.RootElement.GetProperty("real_count").GetInt64());
        var sanity = json.RootElement.GetProperty("sanity");
        Assert.Equal(5, sanity.GetProperty("noise").GetArrayLength());
        Assert.Equal(5, sanity.GetProperty("blur").GetArrayLength());
        // The sanity check compares with the same train reference: one cache entry (.pth and .json).
        Assert.Equal(2, Directory.GetFiles(At("cache")).Length);

        // A second run reads the cached real statistics.
        var again = CliRunner.Run("evaluate", netG, "--dataset", "mnist", "--dataroot", At("data"), "--features", features,
            "--count", "300", "--kid-subsets", "4", "--cache-dir", At("cache"), "--no-download", "--device", "cpu");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("(cached in", again.Output);
    }

    [Fact]
    public void Evaluates_a_folder_of_sample_images()
    {
        var features = TrainFeatures();
        var netG = TinyNetworks.SaveGenerator(folder, "netG.pth", new DcganArchitecture(28, 1, 8, 4, 4));
        var sampled = CliRunner.Run("sample", netG, "--count", "40", "--seed", "3", "--out-dir", At("samples"), "--device", "cpu");
        Assert.True(sampled.ExitCode == 0, sampled.ToString());

        var result = CliRunner.Run("evaluate", "--images", At("samples"), "--dataset", "mnist", "--dataroot", At("data"),
            "--features", features, "--kid-subsets", "2", "--json", At("images.json"), "--cache-dir", At("cache"), "--no-download", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(At("images.json")));
        Assert.Equal(40, json.RootElement.GetProperty("quality").GetProperty("samples").GetInt64());
        Assert.Equal(At("samples"), json.RootElement.GetProperty("images").GetString());
    }

    [Fact]
    public void Folders_train_a_class_network_when_labelled_and_a_rotation_network_when_not()
    {
        // Two classes of 16x16 RGB images: dark ones and bright ones.
        var random = new Random(7);
        foreach (var (name, level) in new[] { ("dark", 40), ("bright", 200) })
        {
            var classFolder = Directory.CreateDirectory(At("labelled", name)).FullName;
            for (var i = 0; i < 24; i++)
            {
                var pixels = Enumerable.Range(0, 16 * 16 * 3).Select(_ => (byte)Math.Clamp(level + random.Next(-30, 30), 0, 255)).ToArray();
                File.WriteAllBytes(Path.Combine(classFolder, $"{i}.png"), DcganSharp.Imaging.PngFile.Encode(pixels, 16, 16, 3));
            }
        }
        string[] quick = ["--image-size", "16", "--nc", "3", "--epochs", "1", "--max-iterations", "2", "--width", "4", "--batch-size", "8", "--device", "cpu"];

        var labelled = CliRunner.Run(["evaluate", "train-features", "--dataset", "folder", "--dataroot", At("labelled"), "--out", At("labelled.pt"), .. quick]);
        // Unlabelled: the images of one class folder alone.
        var unlabelled = CliRunner.Run(["evaluate", "train-features", "--dataset", "folder", "--dataroot", At("labelled", "dark"), "--out", At("rotation.pt"), .. quick]);

        Assert.True(labelled.ExitCode == 0, labelled.ToString());
        Assert.True(unlabelled.ExitCode == 0, unlabelled.ToString());
        using var classes = JsonDocument.Parse(File.ReadAllText(At("labelled.pt.json")));
        Assert.Equal("classes", classes.RootElement.GetProperty("task").GetString());
        Assert.Equal(["bright", "dark"], classes.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(16, classes.RootElement.GetProperty("input_size").GetInt32());
        using var rotation = JsonDocument.Parse(File.ReadAllText(At("rotation.pt.json")));
        Assert.Equal("rotation", rotation.RootElement.GetProperty("task").GetString());
        Assert.Equal(4, rotation.RootElement.GetProperty("outputs").GetInt32());
        Assert.Contains("rotation prediction", unlabelled.Output);
    }

    [Fact]
    public void Bad_inputs_fail_in_one_line_with_the_right_exit_code()
    {
        var netG = TinyNetworks.SaveGenerator(folder, "netG.pth", new DcganArchitecture(28, 1, 8, 4, 4));
        var rgb = TinyNetworks.SaveGenerator(folder, "rgb.pth");
        string[] common = ["--dataset", "mnist", "--dataroot", At("data"), "--no-download", "--device", "cpu", "--cache-dir", At("cache")];

        CliRunner.Run(["evaluate", netG, "--features", At("missing.pt"), .. common]).AssertOneLineError(1, "missing.pt");
        CliRunner.Run(["evaluate", netG, "--features", At("f.pt"), "--count", "1", .. common]).AssertOneLineError(2, "--count");
        CliRunner.Run(["evaluate", "--features", At("f.pt"), .. common]).AssertOneLineError(2, "nothing to evaluate");
        CliRunner.Run(["evaluate", netG, .. common]).AssertOneLineError(2, "--features");

        var features = TrainFeatures();
        CliRunner.Run(["evaluate", rgb, "--features", features, .. common]).AssertOneLineError(2, "3-channel");
        CliRunner.Run(["evaluate", netG, "--features", features, "--dataset", "cifar10"]).AssertOneLineError(2, "cifar10");
    }
}
