using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>A trained <see cref="LeNetClassifier"/> used as a feature extractor (128-d) and classifier.</summary>
internal sealed class LeNetFeatures : IFeatureExtractor
{
    readonly LeNetClassifier network;

    public LeNetFeatures(LeNetClassifier network, FeatureNetInfo info, string identity, Device device)
    {
        this.network = network;
        Info = info;
        Identity = identity;
        Device = device;
        network.to(device);
        network.eval();
    }

    public FeatureNetInfo Info { get; }

    /// <summary>The classifier itself (owned by this object), e.g. to save it.</summary>
    public LeNetClassifier Network => network;

    public string Identity { get; }

    public string FidName => "FID-LeNet";

    public Device Device { get; }

    public int FeatureSize => LeNetClassifier.FeatureSize;

    public IReadOnlyList<string> ClassNames => Info.Task == FeatureNetInfo.ClassesTask ? Info.Classes : [];

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"LeNet features ({FeatureSize}-d, {Info.InputSize}x{Info.InputSize}x{Info.Channels} input) trained on {Info.Dataset} " +
        $"({(Info.Task == FeatureNetInfo.RotationTask ? "rotation prediction" : $"{Info.Classes.Count} classes")}, {Info.Accuracy:P1} accuracy on {Info.AccuracyOn})");

    public void CheckChannels(int channels, string what)
    {
        if (channels != Info.Channels)
            throw DcganException.Usage($"{what} has {channels} channel(s) but the feature network was trained on {Info.Channels}-channel {Info.Dataset} images; use a feature network trained on matching data");
    }

    public FeatureBatch Extract(Tensor images)
    {
        CheckChannels((int)images.shape[1], "the image batch");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = ImageResize.To(images.to(float32, Device), Info.InputSize);
        var embedded = network.Embed(input);
        var classes = ClassNames.Count > 0 ? network.Classify(embedded).argmax(1).cpu().MoveToOuterDisposeScope() : null;
        return new FeatureBatch(embedded.cpu().MoveToOuterDisposeScope(), classes);
    }

    public void Dispose() => network.Dispose();
}
