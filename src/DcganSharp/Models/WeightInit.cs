using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Models;

/// <summary>The DCGAN paper's initialisation, applied like pytorch/examples' weights_init.</summary>
internal static class WeightInit
{
    /// <summary>
    /// Convolution weights ~ N(0, 0.02); BatchNorm weights ~ N(1, 0.02), biases 0. Modules are
    /// visited in the reference's order (children before parents, in registration order), so a
    /// seeded run draws the same random numbers as PyTorch's <c>net.apply(weights_init)</c>.
    /// </summary>
    public static T Apply<T>(T network) where T : nn.Module
    {
        using var noGrad = no_grad();
        network.apply(module =>
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight!, 0.0, 0.02);
                    break;
                case ConvTranspose2d deconv:
                    nn.init.normal_(deconv.weight!, 0.0, 0.02);
                    break;
                case BatchNorm2d norm:
                    nn.init.normal_(norm.weight!, 1.0, 0.02);
                    nn.init.zeros_(norm.bias!);
                    break;
            }
        });
        return network;
    }
}
