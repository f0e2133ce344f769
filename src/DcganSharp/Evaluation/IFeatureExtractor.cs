using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// A network that turns images into feature vectors for FID, KID and precision/recall, and (when it
/// is a classifier) into class predictions for coverage.
/// </summary>
internal interface IFeatureExtractor : IDisposable
{
    /// <summary>One line for reports, e.g. "LeNet features (128-d) trained on Fashion-MNIST, 91.2% test accuracy".</summary>
    string Description { get; }

    /// <summary>
    /// What FIDs measured on these features are called in every output (text, fid.csv, JSON,
    /// plots): "FID" only for Inception-v3, whose features define the standard FID; "FID-ResNet18"
    /// or "FID-LeNet" for the others, whose numbers are not comparable with it.
    /// </summary>
    string FidName { get; }

    /// <summary>Fingerprint of the weights; part of the real-statistics cache key.</summary>
    string Identity { get; }

    int FeatureSize { get; }

    /// <summary>Class names of the predictions; empty when the network predicts no data classes.</summary>
    IReadOnlyList<string> ClassNames { get; }

    Device Device { get; }

    /// <summary>Throws a <see cref="DcganException"/> naming the problem when images with this many channels cannot be used.</summary>
    void CheckChannels(int channels, string what);

    /// <summary>
    /// Features ([N, FeatureSize], float32, CPU) and, for classifiers, predicted classes ([N],
    /// int64, CPU) of images [N, C, H, W] in [-1, 1] on any device; sizes are adapted as needed.
    /// </summary>
    FeatureBatch Extract(Tensor images);
}
