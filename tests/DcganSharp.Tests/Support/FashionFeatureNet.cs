using DcganSharp.Data;
using DcganSharp.Evaluation;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Support;

/// <summary>
/// A narrow LeNet trained once (a few hundred iterations on 3,000 real Fashion-MNIST images) and
/// shared by the tests that need real features; null where the Debian package is absent.
/// </summary>
public sealed class FashionFeatureNet : IDisposable
{
    public const int TrainImages = 3000;
    public const int TestImages = 1000;

    public FashionFeatureNet()
    {
        if (!Directory.Exists(DebianFashionMnistFactAttribute.Folder))
            return;
        using var threads = new TorchThreads();
        var log = new StringWriter();
        Train = RealData.Open("fashion-mnist", "/nonexistent-data-root", MnistSplit.Train, 28, 1, allowDownload: false, log);
        Test = RealData.Open("fashion-mnist", "/nonexistent-data-root", MnistSplit.Test, 28, 1, allowDownload: false, log);
        var part = Train.Subset(Enumerable.Range(0, TrainImages).ToArray(), "first 3000");
        using var split = new TrainTestSplit(part, Test, "test split", []);
        var options = new FeatureTrainingOptions(Epochs: 10, BatchSize: 64, LearningRate: 3e-3, Seed: 1, MaxIterations: 120, TestLimit: TestImages, Width: 8);
        var (network, info) = FeatureNetTrainer.Train(split, "fashion-mnist", options, CPU, log);
        Info = info;
        Features = new LeNetFeatures(network, info, "test-net", CPU);
        Log = log.ToString();
    }

    internal LabelledImages? Train { get; }

    internal LabelledImages? Test { get; }

    internal FeatureNetInfo? Info { get; }

    internal LeNetFeatures? Features { get; }

    public string Log { get; } = "";

    public void Dispose()
    {
        Features?.Dispose();
        Train?.Dispose();
        Test?.Dispose();
    }
}
