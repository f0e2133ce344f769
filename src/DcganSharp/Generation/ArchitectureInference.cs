using System.Text.RegularExpressions;
using DcganSharp.Interop;
using DcganSharp.Models;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// Recovers a <see cref="DcganArchitecture"/> from a state_dict's tensor shapes, so weights from
/// pytorch/examples or from any dcgan-sharp run load without repeating their training flags.
/// </summary>
/// <remarks>
/// Generator: main.0.weight is [nz, ngf*m, k, k] with stem k = 4 or 7; each further ConvTranspose
/// doubles the resolution, so L of them make a (k * 2^(L-1))-pixel image; the last one is
/// [ngf, nc, 4, 4]. Discriminator: main.0.weight is [ndf, nc, 4, 4], the last conv [1, ndf*m, k, k],
/// and L convolutions again mean k * 2^(L-1) pixels. The networks tell themselves apart by layer
/// 1: the generator's BatchNorm (main.1.running_mean) against the discriminator's parameterless LeakyReLU.
/// Everything not read here (the widths in between) is checked when the weights are loaded strictly.
/// </remarks>
internal static partial class ArchitectureInference
{
    [GeneratedRegex(@"^main\.(\d+)\.weight$")]
    private static partial Regex LayerWeight();

    /// <summary>Which network the weights are for; <paramref name="what"/> names the source in messages.</summary>
    public static NetworkRole Classify(IReadOnlyDictionary<string, Tensor> stateDict, string what)
    {
        var layers = ConvolutionLayers(stateDict, what);
        if (stateDict.ContainsKey("main.1.running_mean"))
            return NetworkRole.Generator;
        if (layers[0].Index == 0 && !stateDict.Keys.Any(k => k.StartsWith("main.1.", StringComparison.Ordinal)))
            return NetworkRole.Discriminator;
        throw NotDcgan(what, "layer main.1 is neither the generator's BatchNorm nor the discriminator's LeakyReLU");
    }

    /// <summary>The architecture of generator weights (nz, stem, image size, nc, ngf).</summary>
    public static DcganArchitecture InferGenerator(IReadOnlyDictionary<string, Tensor> stateDict, string what)
    {
        if (Classify(stateDict, what) != NetworkRole.Generator)
            throw new DcganException($"{what} holds discriminator (netD) weights, not a generator; give a netG file");
        var layers = ConvolutionLayers(stateDict, what);
        var first = layers[0].Shape;
        var last = layers[^1].Shape;
        var size = ImageSize(first[2], first[3], layers.Count, what);
        return Validated(new DcganArchitecture(size, (int)last[1], (int)first[0], (int)last[0], Classes: Classes(stateDict)), what);
    }

    /// <summary>The architecture of discriminator weights (nc, ndf, image size).</summary>
    public static DcganArchitecture InferDiscriminator(IReadOnlyDictionary<string, Tensor> stateDict, string what)
    {
        if (Classify(stateDict, what) != NetworkRole.Discriminator)
            throw new DcganException($"{what} holds generator (netG) weights, not a discriminator; give a netD file");
        var layers = ConvolutionLayers(stateDict, what);
        var first = layers[0].Shape;
        var last = layers[^1].Shape;
        if (last[0] != 1)
            throw NotDcgan(what, $"its last convolution has {last[0]} outputs instead of 1");
        var size = ImageSize(last[2], last[3], layers.Count, what);
        return Validated(new DcganArchitecture(size, (int)first[1], DiscriminatorFeatures: (int)first[0], Classes: Classes(stateDict)), what);
    }

    /// <summary>
    /// ndf of the discriminator weights in <paramref name="path"/>, or null when the file cannot be
    /// read as one (loading it later says why, naming the file).
    /// </summary>
    public static int? DiscriminatorWidth(string path)
    {
        try
        {
            var tensors = StateDictFile.Read(path, "netD", NetworkRole.Discriminator);
            try
            {
                return InferDiscriminator(tensors, path).DiscriminatorFeatures;
            }
            finally
            {
                foreach (var tensor in tensors.Values)
                    tensor.Dispose();
            }
        }
        catch (Exception e) when (e is DcganException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The architecture of either network, with its role.</summary>
    public static (NetworkRole Role, DcganArchitecture Architecture) Infer(IReadOnlyDictionary<string, Tensor> stateDict, string what) =>
        Classify(stateDict, what) == NetworkRole.Generator
            ? (NetworkRole.Generator, InferGenerator(stateDict, what))
            : (NetworkRole.Discriminator, InferDiscriminator(stateDict, what));

    // A conditional network's class embedding, embed.weight, is [classes, width]; unconditional networks have none.
    static int Classes(IReadOnlyDictionary<string, Tensor> stateDict) =>
        stateDict.TryGetValue("embed.weight", out var embedding) && embedding.dim() == 2 ? (int)embedding.shape[0] : 0;

    static List<(int Index, long[] Shape)> ConvolutionLayers(IReadOnlyDictionary<string, Tensor> stateDict, string what)
    {
        var layers = new List<(int Index, long[] Shape)>();
        foreach (var (key, tensor) in stateDict)
        {
            var match = LayerWeight().Match(key);
            if (match.Success && tensor.dim() == 4 && int.TryParse(match.Groups[1].ValueSpan, out var index))
                layers.Add((index, tensor.shape));
        }
        layers.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (layers.Count == 0 || layers[0].Index != 0)
            throw NotDcgan(what, stateDict.Count == 0 ? "it holds no tensors" : "it has no main.0.weight convolution");
        if (layers.Count < 2)
            throw NotDcgan(what, "it has a single convolution");
        return layers;
    }

    static int ImageSize(long kernelHeight, long kernelWidth, int convolutions, string what)
    {
        if (kernelHeight != kernelWidth || kernelHeight is < DcganArchitecture.MinStemSize or > DcganArchitecture.MaxStemSize)
            throw NotDcgan(what, $"its stem kernel is {kernelHeight}x{kernelWidth}, not 4x4 to 7x7");
        if (convolutions > 8)
            throw NotDcgan(what, $"its {convolutions} convolutions would make images over {DcganArchitecture.MaxImageSize} pixels");
        var size = (int)kernelHeight << (convolutions - 1);
        if (!DcganArchitecture.IsSupportedImageSize(size))
            throw NotDcgan(what, $"a {kernelHeight}x{kernelHeight} stem with {convolutions} convolutions makes {size}x{size} images; supported sizes are {DcganArchitecture.SupportedSizes}");
        return size;
    }

    static DcganArchitecture Validated(DcganArchitecture architecture, string what)
    {
        try
        {
            architecture.Validate();
            return architecture;
        }
        catch (ArgumentException e)
        {
            throw NotDcgan(what, e.Message);
        }
    }

    static DcganException NotDcgan(string what, string reason) =>
        new($"{what} is not DCGAN weights: {reason}; give a netG/netD file from pytorch/examples/dcgan or dcgan train");
}
