using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>Opens either kind of feature network from one path, told apart by the metadata file beside it.</summary>
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
}
