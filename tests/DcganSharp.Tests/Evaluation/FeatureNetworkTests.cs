using DcganSharp.Evaluation;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

/// <summary>The LeNet feature network on real Fashion-MNIST (Debian's dataset-fashion-mnist; .ci/run installs it).</summary>
public sealed class FeatureNetworkTests(FashionFeatureNet net, ITestOutputHelper output) : IClassFixture<FashionFeatureNet>
{
    [DebianFashionMnistFact]
    public void A_few_hundred_iterations_classify_real_test_images_far_above_chance()
    {
        output.WriteLine(net.Log);
        Assert.NotNull(net.Info);
        Assert.Equal(FeatureNetInfo.ClassesTask, net.Info.Task);
        Assert.Equal(10, net.Info.Classes.Count);
        Assert.True(net.Info.Accuracy >= 0.75, $"accuracy {net.Info.Accuracy:P1} on {FashionFeatureNet.TestImages} test images (chance: 10%)");
    }

    [DebianFashionMnistFact]
    public void Fid_grows_monotonically_with_noise_and_blur_on_real_images()
    {
        using var threads = new TorchThreads();
        // Reference: 2,000 training images the network did not train on; probe: 1,000 test images.
        using var reference = ReferenceFromUnseenTrainImages();
        var result = SanityCheck.Run(net.Features!, reference, net.Test!, count: 1000, seed: 3);
        output.WriteLine(QualityText.Format(result, "FID-LeNet"));

        Assert.True(result.NoiseMonotonic, string.Join(", ", result.Noise));
        Assert.True(result.BlurMonotonic, string.Join(", ", result.Blur));
        // Clean real images are much closer than the most damaged ones.
        Assert.True(result.Noise[^1].Fid > 5 * result.RealVsReal && result.Blur[^1].Fid > 5 * result.RealVsReal, QualityText.Format(result, "FID-LeNet"));
    }

    [DebianFashionMnistFact]
    public void Saved_networks_load_back_with_identical_features_and_predictions()
    {
        var folder = Directory.CreateTempSubdirectory("feature-net-").FullName;
        try
        {
            var path = Path.Combine(folder, "features.pt");
            FeatureNetFile.Save(net.Features!.Network, net.Info!, path);

            using var loaded = FeatureNetFile.Load(path);
            using var scope = NewDisposeScope();
            var images = rand(6, 1, 28, 28) * 2 - 1;
            using var expected = net.Features!.Extract(images);
            using var actual = loaded.Extract(images);
            Assert.Equal(128, actual.Features.shape[1]);
            Assert.True(expected.Features.allclose(actual.Features, rtol: 0, atol: 1e-6));
            Assert.Equal(expected.Classes!.data<long>().ToArray(), actual.Classes!.data<long>().ToArray());
            Assert.Equal(net.Info!.Accuracy, loaded.Info.Accuracy);
            Assert.Contains("fashion-mnist", loaded.Description);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    RealReference ReferenceFromUnseenTrainImages()
    {
        var unseen = net.Train!.Subset(Enumerable.Range(FashionFeatureNet.TrainImages, 2000).ToArray(), "unseen");
        using var features = FeatureExtraction.OfDataset(net.Features!, unseen.Images);
        return RealReference.Of(features, 10, "2,000 unseen training images");
    }
}
