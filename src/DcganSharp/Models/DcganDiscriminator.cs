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
internal sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    // Named "main" so state_dict keys match the reference's nn.Sequential attribute.
    private readonly Sequential main;

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
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        // main.forward, with the training path of the stride-2 convolutions.
        using var output = StridedConvolution.RunLayers(layers, images);
        return output.view(-1);
    }

    /// <summary>
    /// D's logits (before the Sigmoid), one per image, so that their gradient with respect to
    /// <paramref name="images"/> can itself be differentiated (R1 penalty): every layer through
    /// plain autograd (the fast paths' custom backward passes cannot be differentiated again), the
    /// convolutions on the CPU as <see cref="TwiceDifferentiableConvolution"/>.
    /// </summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images;
        foreach (var layer in layers.Take(layers.Count - 1))
        {
            x = layer is Conv2d conv && x.device_type == DeviceType.CPU && TwiceDifferentiableConvolution.Handles(conv)
                ? TwiceDifferentiableConvolution.Apply(conv, x)
                : layer.call(x);
        }
        return x.view(-1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            main.Dispose();
        base.Dispose(disposing);
    }
}
