using DcganSharp.Interop;
using TorchSharp;
using static TorchSharp.torch;

using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>
/// Inception-v3 pool features (2048-d, the input of the final classifier), the standard FID
/// features for RGB images, from a user-supplied PyTorch state_dict in torchvision's Inception3
/// layout: torchvision's inception_v3_google-*.pth, or pytorch-fid's pt_inception-2015-12-05-*.pth
/// (see docs/evaluation.md). Images are resized to 299x299 and fed in [-1, 1], the range both
/// weight sets expect; gray images are repeated over three channels.
/// </summary>
/// <remarks>
/// TorchVision's Inception3 runs through to its classifier, so the classifier is made 2048 -> 2048
/// and set to the identity: its output is then exactly the pooled features. The file's own
/// classifier ("fc.*", 1000 or 1008 classes) and auxiliary head ("AuxLogits.*", absent from
/// pytorch-fid's file) are not needed and not loaded. The numbers are comparable between runs of
/// this program, but not digit for digit with TensorFlow FID: torchvision's network differs from the
/// TensorFlow graph in a few pooling layers.
/// </remarks>
internal sealed class InceptionFeatures : IFeatureExtractor
{
    public const int InputSize = 299;
    public const int PoolFeatures = 2048;

    readonly TorchSharp.Modules.InceptionV3 network;

    InceptionFeatures(TorchSharp.Modules.InceptionV3 network, string identity, string description, Device device)
    {
        this.network = network;
        Identity = identity;
        Description = description;
        Device = device;
    }

    public string Identity { get; }

    public string FidName => "FID";

    public string Description { get; }

    public Device Device { get; }

    public int FeatureSize => PoolFeatures;

    public IReadOnlyList<string> ClassNames => [];

    /// <summary>Loads the weights file; shapes and names are checked strictly for every layer used.</summary>
    public static InceptionFeatures Load(string weightsPath, Device? device = null)
    {
        OneDnnKernels.EnsureVerified();
        if (!File.Exists(weightsPath))
            throw new DcganException($"Inception weights '{weightsPath}' do not exist; see docs/evaluation.md for how to get and convert them");
        var source = StateDictFile.Read(weightsPath, "Inception weights");
        try
        {
            var identity = $"inception-v3:{ContentHash.OfFile(weightsPath)[..16]}";
            return FromStateDict(source, $"Inception weights '{weightsPath}'", identity, device);
        }
        finally
        {
            foreach (var tensor in source.Values)
                tensor.Dispose();
        }
    }

    /// <summary>The network with the given weights (which stay the caller's); <paramref name="what"/> names them in errors.</summary>
    public static InceptionFeatures FromStateDict(IReadOnlyDictionary<string, Tensor> source, string what, string identity, Device? device = null)
    {
        var network = torchvision.models.inception_v3(num_classes: PoolFeatures, dropout: 0f, transform_input: false);
        try
        {
            LoadTrunk(network, source, what);
            device ??= CPU;
            network.to(device);
            network.eval();
            return new InceptionFeatures(network, identity, $"Inception-v3 pool features (2048-d) from {what}", device);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Copies every weight but the heads, then makes the classifier the identity.</summary>
    static void LoadTrunk(TorchSharp.Modules.InceptionV3 network, IReadOnlyDictionary<string, Tensor> source, string what)
    {
        static bool IsHead(string key) => key.StartsWith("fc.", StringComparison.Ordinal) || key.StartsWith("AuxLogits.", StringComparison.Ordinal);
        var own = network.state_dict();
        var trunk = source.Where(p => !IsHead(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, tensor) in own.Where(p => IsHead(p.Key)))
            trunk[key] = tensor;
        StateDictFile.LoadInto(network, trunk, what, "torchvision's Inception3 layout (Conv2d_1a_3x3.conv.weight, Mixed_5b.branch1x1.conv.weight, ...)");

        using var noGrad = no_grad();
        own["fc.weight"].copy_(eye(PoolFeatures));
        own["fc.bias"].zero_();
    }

    public void CheckChannels(int channels, string what)
    {
        if (channels is not (1 or 3))
            throw DcganException.Usage($"{what} has {channels} channels; Inception features need gray (1) or RGB (3) images");
    }

    public FeatureBatch Extract(Tensor images)
    {
        CheckChannels((int)images.shape[1], "the image batch");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = images.to(float32, Device);
        if (input.shape[1] == 1)
            input = input.expand(-1, 3, -1, -1);
        // Upsampling (the usual case) is plain bilinear, as pytorch-fid does.
        var features = network.forward(ImageResize.To(input, InputSize));
        return new FeatureBatch(features.cpu().MoveToOuterDisposeScope(), null);
    }

    public void Dispose() => network.Dispose();
}
