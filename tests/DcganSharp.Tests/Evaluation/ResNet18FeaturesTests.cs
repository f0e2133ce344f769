using System.Text.Json;
using DcganSharp.Evaluation;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

/// <summary>The judge every RGB evaluation uses by default, opened once for the class (loading it takes a second).</summary>
public sealed class ResNet18Judge : IDisposable
{
    internal ResNet18Features Features { get; } = ResNet18Features.Open(threads: 1);

    public void Dispose() => Features.Dispose();
}

/// <summary>
/// The pretrained ResNet18 judge (FID-ResNet18): its features are the package's model's as ONNX
/// Runtime computes them from the package's two files, and FID on them behaves (a set against
/// itself ~0, against a slightly blurred copy clearly more). A few small images each: at 224x224
/// an image costs ~1.8 GFLOP.
/// </summary>
public sealed class ResNet18FeaturesTests(ResNet18Judge judge, ITestOutputHelper output) : IClassFixture<ResNet18Judge>
{
    [Fact]
    public void Features_equal_the_package_models_run_by_onnx_runtime_from_its_two_files()
    {
        using var scope = NewDisposeScope();
        // Full-size inputs: the comparison is of the preparation (0-255, BGR, mean image) and the network.
        var images = ShapeDrawings.Tensor(3, ResNet18Features.InputSize, seed: 5);

        using var ours = judge.Features.Extract(images);

        var expected = ReferenceFeatures(images);
        Assert.Equal(new long[] { 3, ResNet18Features.PoolFeatures }, ours.Features.shape);
        var difference = (ours.Features - tensor(expected, [3, ResNet18Features.PoolFeatures])).abs().max().item<float>();
        output.WriteLine($"max |ours - ONNX Runtime| = {difference}, largest feature {ours.Features.max().item<float>()}");
        Assert.True(difference <= 1e-4, $"max |ours - ONNX Runtime| = {difference}");
        // Pooled ReLU outputs: non-negative and not degenerate.
        Assert.True(ours.Features.min().item<float>() >= 0 && ours.Features.max().item<float>() > 0.1);
        Assert.Null(ours.Classes);
    }

    [Fact]
    public void Small_images_are_resized_bilinearly_to_224_before_the_network()
    {
        using var scope = NewDisposeScope();
        var small = ShapeDrawings.Tensor(2, 32, seed: 6);
        var enlarged = nn.functional.interpolate(small, [224, 224], mode: InterpolationMode.Bilinear, align_corners: false);

        using var fromSmall = judge.Features.Extract(small);
        using var fromEnlarged = judge.Features.Extract(enlarged);

        Assert.True((fromSmall.Features - fromEnlarged.Features).abs().max().item<float>() <= 1e-4);
        // Gray images are the same picture in every channel.
        var gray = small.mean([1], keepdim: true);
        using var fromGray = judge.Features.Extract(gray);
        using var fromRepeated = judge.Features.Extract(gray.expand(-1, 3, -1, -1));
        Assert.True((fromGray.Features - fromRepeated.Features).abs().max().item<float>() <= 1e-5);
    }

    [Fact]
    public void Fid_resnet18_of_a_set_against_itself_is_about_zero_and_against_a_blurred_copy_clearly_larger()
    {
        using var scope = NewDisposeScope();
        var images = ShapeDrawings.Tensor(12, 32, seed: 7);
        var blurred = ImageCorruption.Blur(images, 0.7);

        using var sharp = judge.Features.Extract(images);
        using var soft = judge.Features.Extract(blurred);
        using var sharpStatistics = FeatureStatistics.Of(sharp.Features);
        using var softStatistics = FeatureStatistics.Of(soft.Features);

        var itself = FrechetDistance.Compute(sharpStatistics, sharpStatistics);
        var blur = FrechetDistance.Compute(sharpStatistics, softStatistics);
        output.WriteLine($"FID-ResNet18: itself {itself}, blurred 0.7 px {blur}");
        Assert.True(Math.Abs(itself) < 1e-3, $"FID-ResNet18 of a set against itself: {itself}");
        Assert.True(blur > 5, $"FID-ResNet18 against a copy blurred by 0.7 px: {blur}");
    }

    [Fact]
    public void Describes_itself_as_fid_resnet18_with_an_identity_of_its_own()
    {
        Assert.Equal("FID-ResNet18", judge.Features.FidName);
        Assert.StartsWith("resnet18-onnx:", judge.Features.Identity);
        Assert.Equal(512, judge.Features.FeatureSize);
        Assert.Contains(ResNet18Model.Package, judge.Features.Description);
        Assert.Equal(2, Assert.Throws<DcganException>(() => judge.Features.CheckChannels(4, "generator 'g.pth'")).ExitCode);
    }

    [Fact]
    public void A_missing_model_is_one_error_naming_the_file_and_the_package()
    {
        var folder = Directory.CreateTempSubdirectory("no-models-").FullName;
        try
        {
            var error = Assert.Throws<DcganException>(() => ResNet18Features.Open(folder));
            Assert.Contains(ResNet18Model.NetworkPath(folder), error.Message);
            Assert.Contains(ResNet18Model.Package, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Evaluate_scores_a_folder_against_a_real_folder_as_fid_resnet18_by_default()
    {
        using var temp = new TempDirectory();
        // Both sides are centre-cropped and resized to 16x16, then go to 224x224 inside the judge.
        var samples = ShapeDrawings.WriteFolder(temp.Combine("samples"), 6, 24, seed: 8);
        var real = ShapeDrawings.WriteFolder(temp.Combine("real"), 8, 20, seed: 9);

        var result = CliRunner.Run("evaluate", "--images", samples, "--dataset", "folder", "--dataroot", real, "--image-size", "16",
            "--real-count", "7", "--kid-subsets", "2", "--json", temp.Combine("report.json"), "--cache-dir", temp.Combine("cache"), "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("FID-ResNet18", result.Output);
        Assert.Contains("warning: 6 samples: FID-ResNet18 is biased", result.Errors);
        Assert.DoesNotContain("\n  FID ", result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(temp.Combine("report.json")));
        Assert.Equal("FID-ResNet18", json.RootElement.GetProperty("judge").GetString());
        Assert.Equal(16, json.RootElement.GetProperty("image_size").GetInt32());
        Assert.Equal(7, json.RootElement.GetProperty("real_count").GetInt64());
        Assert.True(json.RootElement.GetProperty("quality").GetProperty("fid").GetDouble() > 0);
        // The cached real statistics are the ResNet18 judge's own.
        Assert.All(Directory.GetFiles(temp.Combine("cache")), file => Assert.StartsWith("real-resnet18-onnx-", Path.GetFileName(file)));
    }

    /// <summary>ONNX Runtime straight on the package's files: 0-255 RGB into ResNetPreprocess.onnx, its output into ResNet18.onnx.</summary>
    static float[] ReferenceFeatures(Tensor images)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var preprocess = new InferenceSession(ResNet18Model.PreprocessPath(), options);
        using var network = new InferenceSession(ResNet18Model.NetworkPath(), options);
        using var run = new RunOptions();
        var count = (int)images.shape[0];
        var length = 3 * 224 * 224;
        var pixels = ((images + 1) * 127.5f).contiguous().data<float>().ToArray();
        var features = new float[count * 512];
        for (var i = 0; i < count; i++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(pixels[(i * length)..((i + 1) * length)], [1, 3, 224, 224]);
            using var prepared = preprocess.Run(run, [preprocess.InputNames[0]], [input], [preprocess.OutputNames[0]]);
            using var output = network.Run(run, [network.InputNames[0]], [prepared[0]], [network.OutputNames[0]]);
            output[0].GetTensorDataAsSpan<float>().CopyTo(features.AsSpan(i * 512, 512));
        }
        return features;
    }
}
