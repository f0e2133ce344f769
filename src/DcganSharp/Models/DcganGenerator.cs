using DcganSharp.Models.FastPaths;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DcganSharp.Models;

/// <summary>
/// DCGAN generator: a latent code (nz x 1 x 1) up to an image in [-1, 1] through transposed
/// convolutions, BatchNorm and ReLU, Tanh at the end, no biases. At 64x64 its layers and
/// state_dict keys (main.0.weight, main.1.running_mean, ...) are those of pytorch/examples.
/// </summary>
/// <remarks>
/// Class-conditional (<see cref="DcganArchitecture.Classes"/> above 0): a learned
/// <c>nn.Embedding(classes, nz)</c> under the key <c>embed.weight</c> scales the latent code
/// element by element before the first layer (z * embed(y)). Multiplying rather than
/// concatenating leaves every layer of <c>main</c>, its keys and shapes, as they are, so
/// everything that runs <c>main</c> (folding, ONNX, shape inference) runs a conditional generator
/// on its conditioned code.
/// </remarks>
internal sealed class DcganGenerator : Module<Tensor, Tensor>
{
    // Named "main" so state_dict keys match the reference's nn.Sequential attribute.
    private readonly Sequential main;

    // Named "embed" so the state_dict key is embed.weight; null for the unconditional network.
    private readonly Embedding? embed;

    // main's layers in order, for the forward pass.
    private readonly List<Module<Tensor, Tensor>> layers;

    // The same layers again, for the folded inference pass: convs[i] is followed by norms[i] (none after the last).
    private readonly List<ConvTranspose2d> convs = new();
    private readonly List<BatchNorm2d> norms = new();

    public DcganArchitecture Architecture { get; }

    public DcganGenerator(DcganArchitecture architecture) : base(nameof(DcganGenerator))
    {
        architecture.Validate();
        Architecture = architecture;
        layers = new List<Module<Tensor, Tensor>>();
        var ngf = (long)architecture.GeneratorFeatures;
        var channels = ngf * architecture.StemMultiplier;

        // input is Z (nz x 1 x 1), going into a convolution
        // -> (ngf*8) x 4 x 4 at 64x64; (ngf*2) x 7 x 7 at 28x28
        var stem = architecture.StemSize;
        layers.Add(Conv(ConvTranspose2d(architecture.LatentSize, channels, stem, stride: 1, padding: 0, bias: false)));
        layers.Add(Norm(BatchNorm2d(channels)));
        layers.Add(ReLU(inplace: true));

        // each block doubles the resolution and halves the channels:
        // (ngf*4) x 8 x 8 -> (ngf*2) x 16 x 16 -> (ngf) x 32 x 32 at 64x64
        for (var i = 1; i < architecture.Doublings; i++)
        {
            layers.Add(Conv(ConvTranspose2d(channels, channels / 2, 4, stride: 2, padding: 1, bias: false)));
            layers.Add(Norm(BatchNorm2d(channels / 2)));
            layers.Add(ReLU(inplace: true));
            channels /= 2;
        }

        // last block: (nc) x 64 x 64, values in [-1, 1]
        layers.Add(Conv(ConvTranspose2d(channels, architecture.Channels, 4, stride: 2, padding: 1, bias: false)));
        layers.Add(Tanh());

        main = Sequential(layers);
        if (architecture.Conditional)
            embed = Embedding(architecture.Classes, architecture.LatentSize);
        RegisterComponents();
    }

    /// <summary>
    /// main on <paramref name="latent"/> as it is: the image of a code, or for a conditional
    /// generator of a code already conditioned by <see cref="Condition"/>.
    /// </summary>
    public override Tensor forward(Tensor latent)
    {
        // main.forward, with the training path of the stride-2 convolutions.
        return StridedConvolution.RunLayers(layers, latent);
    }

    /// <summary>Images for codes [N, nz, 1, 1] of classes <paramref name="labels"/> ([N] integers; null for an unconditional generator).</summary>
    public Tensor forward(Tensor latent, Tensor? labels)
    {
        if (embed is null)
            return forward(latent);
        // Not disposed here: the caller's scope holds it until backward has run.
        var conditioned = Condition(latent, labels ?? throw new ArgumentException("a conditional generator needs a class per code", nameof(labels)));
        return forward(conditioned);
    }

    /// <summary>
    /// The code main sees for <paramref name="latent"/> [N, nz, 1, 1] and classes
    /// <paramref name="labels"/> [N]: z * embed(y). An unconditional generator takes the code as it is (a copy).
    /// </summary>
    public Tensor Condition(Tensor latent, Tensor labels)
    {
        if (embed is null)
            return latent.alias();
        using var scope = NewDisposeScope();
        var scale = embed.call(labels.to(int64, latent.device)).view(latent.shape[0], -1, 1, 1);
        return latent.mul(scale).MoveToOuterDisposeScope();
    }

    /// <summary>The class embedding (embed.weight, [classes, nz]); null when unconditional.</summary>
    internal Embedding? ClassEmbedding => embed;

    /// <summary>The transposed convolutions in order; <see cref="Norms"/>[i] follows convolution i (none follows the last).</summary>
    internal IReadOnlyList<ConvTranspose2d> Convolutions => convs;

    internal IReadOnlyList<BatchNorm2d> Norms => norms;

    private ConvTranspose2d Conv(ConvTranspose2d conv)
    {
        convs.Add(conv);
        return conv;
    }

    private BatchNorm2d Norm(BatchNorm2d norm)
    {
        norms.Add(norm);
        return norm;
    }

    /// <summary>Standard-normal latent codes shaped for this generator: count x nz x 1 x 1.</summary>
    public Tensor SampleLatent(long count, Device? device = null, torch.Generator? generator = null) =>
        randn(new long[] { count, Architecture.LatentSize, 1, 1 }, device: device, generator: generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            main.Dispose();
            embed?.Dispose();
        }
        base.Dispose(disposing);
    }
}
