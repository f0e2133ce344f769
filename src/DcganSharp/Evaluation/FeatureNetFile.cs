using System.Text.Json;
using DcganSharp.Interop;
using DcganSharp.IO;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// A trained feature network on disk: the weights as a PyTorch state_dict (features.pt, loadable
/// with torch.load) and its <see cref="FeatureNetInfo"/> beside it as JSON (features.pt.json).
/// </summary>
internal static class FeatureNetFile
{
    public const string MetadataSuffix = ".json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string MetadataPath(string path) => path + MetadataSuffix;

    public static void Save(LeNetClassifier network, FeatureNetInfo info, string path)
    {
        StateDictFile.Save(network, path);
        AtomicFile.WriteAllText(MetadataPath(path), JsonSerializer.Serialize(info, Json) + "\n");
    }

    /// <summary>Loads a network saved by <see cref="Save"/> (by `dcgan evaluate train-features`).</summary>
    public static LeNetFeatures Load(string path, Device? device = null)
    {
        OneDnnKernels.EnsureVerified();
        if (!File.Exists(path))
            throw new DcganException($"feature network '{path}' does not exist; make one with: dcgan evaluate train-features --dataset DATASET --dataroot DIR --out {path}");
        var metadata = MetadataPath(path);
        if (!File.Exists(metadata))
            throw new DcganException($"feature network '{path}' has no metadata file '{metadata}' beside it; copy it along with the weights, or train the network again with dcgan evaluate train-features");
        FeatureNetInfo info;
        try
        {
            info = JsonSerializer.Deserialize<FeatureNetInfo>(File.ReadAllText(metadata), Json)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new DcganException($"feature network metadata '{metadata}' is not valid ({e.Message}); train the network again with dcgan evaluate train-features", e);
        }
        if (info.Kind != "lenet" || info.Outputs < 2 || info.Channels is < 1 or > 4 || info.InputSize < 8 || info.InputSize % 4 != 0 || info.Width is < 1 or > 1024)
            throw new DcganException($"feature network metadata '{metadata}' does not describe a LeNet feature network; train the network again with dcgan evaluate train-features");

        var network = new LeNetClassifier(info.Channels, info.InputSize, info.Outputs, info.Width);
        try
        {
            StateDictFile.Load(network, path, "feature network", $"a LeNet for {info.InputSize}x{info.InputSize}x{info.Channels} images and {info.Outputs} outputs");
            var identity = $"lenet:{ContentHash.OfFile(path)[..16]}";
            return new LeNetFeatures(network, info, identity, device ?? CPU);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
