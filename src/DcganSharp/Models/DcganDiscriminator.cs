using DcganSharp.Models.FastPaths;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DcganSharp.Models;

/// <summary>
/// DCGAN discriminator: the generator's mirror. Stride-2 convolutions with LeakyReLU(0.2),
/// BatchNorm from the second block, a final convolution to one logit and a Sigmoid, no biases.
/// Returns one probability per image (shape [batch]). At 64x64 its state_dict keys are those of
/// pytorch/examples.
/// </summary>
/// <remarks>
/// Class-conditional (<see cref="DcganArchitecture.Classes"/> above 0): a projection
/// discriminator (Miyato and Koyama 2018). The features before the last convolution, summed over
/// their positions, are multiplied with a learned class embedding (<c>embed.weight</c>,
/// [classes, ndf * m]) and that inner product is added to the logit: D judges "a real image of
/// this class", at the cost of one vector product per image, with main's keys unchanged.
/// </remarks>
internal sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    // Named "main" so state_dict keys match the reference's nn.Sequential attribute.
    private readonly Sequential main;

    // Named "embed" so the state_dict key is embed.weight; null for the unconditional network.
    private readonly Embedding? embed;

    // main's layers in order, for the forward pass.
    private readonly List<Module<Tensor, Tensor>> layers;

    public DcganArchitecture Architecture { get; }

    public DcganDiscriminator(DcganArchitecture architecture) : base(nameof(DcganDiscriminator))
    {
        architecture.Validate();
        Architecture = architecture;
        layers = new List<Module<Tensor, Tensor>>();
        var channels = (long)architecture.DiscriminatorFeatures;

        // input is (nc) x 64 x 64 -> (ndf) x 32 x 32, no BatchNorm on the first block
        layers.Add(Conv2d(architecture.Channels, channels, 4, stride: 2, padding: 1, bias: false));
        layers.Add(new InPlaceLeakyReLU(0.2));

        // each block halves the resolution and doubles the channels:
        // (ndf*2) x 16 x 16 -> (ndf*4) x 8 x 8 -> (ndf*8) x 4 x 4 at 64x64
        for (var i = 1; i < architecture.Doublings; i++)
        {
            layers.Add(Conv2d(channels, channels * 2, 4, stride: 2, padding: 1, bias: false));
            layers.Add(BatchNorm2d(channels * 2));
            layers.Add(new InPlaceLeakyReLU(0.2));
            channels *= 2;
        }

        // (ndf*8) x 4 x 4 (or 7 x 7 at 28x28) -> 1 x 1 x 1, a probability
        layers.Add(Conv2d(channels, 1, architecture.StemSize, stride: 1, padding: 0L, bias: false));
        layers.Add(Sigmoid());

        main = Sequential(layers);
        if (architecture.Conditional)
        {
            embed = Embedding(architecture.Classes, channels);
            // As small as the convolutions' initial weights (N(0, 0.02)): the projection starts as
            // a small term next to the logit instead of deciding it.
            using var noGrad = no_grad();
            nn.init.normal_(embed.weight!, 0.0, 0.02);
        }
        RegisterComponents();
    }

    /// <summary>D(x | y): one probability per image, of <paramref name="images"/> being real images of classes <paramref name="labels"/> (null: unconditional).</summary>
    public Tensor forward(Tensor images, Tensor? labels)
    {
        if (embed is null)
            return forward(images);
        // No dispose scope of its own: the fast path's backward reads tensors made here, which the
        // caller's scope (the training step's) keeps alive until the step's backward passes are done.
        var features = StridedConvolution.RunLayers(layers[..^2], images);
        using var logits = layers[^2].call(features).view(-1);
        using var projection = Projection(features, labels);
        using var sum = logits.add(projection);
        return sum.sigmoid();
    }

    // <embed(y), sum over positions of the features>, one number per image.
    Tensor Projection(Tensor features, Tensor? labels)
    {
        if (labels is null)
            throw new ArgumentException("a conditional discriminator needs a class per image", nameof(labels));
        return features.sum([2, 3]).mul(embed!.call(labels.to(int64, features.device))).sum(1);
    }

    public override Tensor forward(Tensor images)
    {
        if (embed is not null)
            throw new InvalidOperationException("a conditional discriminator needs the images' classes");
        // main.forward, with the training path of the stride-2 convolutions.
        using var output = StridedConvolution.RunLayers(layers, images);
        return output.view(-1);
    }

    /// <summary>
    /// D's logits (before the Sigmoid), one per image, so that their gradient with respect to
    /// <paramref name="images"/> can itself be differentiated (R1 penalty; with the projection for
    /// <paramref name="labels"/> when conditional): every layer through
    /// plain autograd (the fast paths' custom backward passes cannot be differentiated again), the
    /// convolutions on the CPU as <see cref="TwiceDifferentiableConvolution"/>.
    /// </summary>
    public Tensor Logits(Tensor images, Tensor? labels = null)
    {
        using var scope = NewDisposeScope();
        var x = images;
        Tensor? features = null;
        foreach (var layer in layers.Take(layers.Count - 1))
        {
            if (ReferenceEquals(layer, layers[^2]))
                features = x;
            x = layer is Conv2d conv && x.device_type == DeviceType.CPU && TwiceDifferentiableConvolution.Handles(conv)
                ? TwiceDifferentiableConvolution.Apply(conv, x)
                : layer.call(x);
        }
        var logits = x.view(-1);
        if (embed is not null)
            logits = logits.add(Projection(features!, labels));
        return logits.MoveToOuterDisposeScope();
    }

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
