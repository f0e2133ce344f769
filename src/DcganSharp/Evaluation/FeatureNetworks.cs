using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Opens the judge: a feature network named by a file (told apart by the metadata file beside
/// it), or, when none is named, the default for the data's channels.
/// </summary>
internal static class FeatureNetworks
{
    /// <summary>
    /// A LeNet from `dcgan evaluate train-features` when FILE.json is beside the file; otherwise the
    /// file is taken as Inception-v3 weights.
    /// </summary>
    public static IFeatureExtractor Open(string path, Device? device = null) =>
        File.Exists(FeatureNetFile.MetadataPath(path)) || !File.Exists(path)
            ? FeatureNetFile.Load(path, device)
            : InceptionFeatures.Load(path, device);

    /// <summary>
    /// The feature network at <paramref name="path"/> when one is named; otherwise the default
    /// judge of <paramref name="channels"/>-channel images: the pretrained ResNet18 for RGB. Gray
    /// data has none (a LeNet must be trained on it first): null then.
    /// </summary>
    public static IFeatureExtractor? OpenOrDefault(string? path, int channels, Device? device = null) =>
        path is not null ? Open(path, device)
        : HasDefault(channels) ? ResNet18Features.Open()
        : null;

    /// <summary>Whether images with this many channels have a default judge (RGB: ResNet18).</summary>
    public static bool HasDefault(int channels) => channels == 3;
}
