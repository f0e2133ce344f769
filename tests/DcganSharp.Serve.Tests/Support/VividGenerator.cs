using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using static TorchSharp.torch;

namespace DcganSharp.Serve.Tests.Support;

/// <summary>
/// A small untrained generator whose images are smooth colourful blobs that differ visibly from code
/// to code, for tests that look at the page: its upsampling layers are set to bilinear kernels with
/// random channel mixing, so each layer enlarges and recolours the one before without adding noise.
/// </summary>
internal static class VividGenerator
{
    public static readonly DcganArchitecture Architecture = new(32, 3, 16, 8, 8);

    public static string Save(string folder, string name = "netG_epoch_4.pth")
    {
        using var generator = TinyNetworks.Generator(Architecture, seed: 5);
        using (no_grad())
        {
            manual_seed(7);
            // The 1-D weights of bilinear 2x upsampling (stride 2, kernel 4, padding 1), as a 4x4 kernel.
            using var line = tensor(new float[] { 0.25f, 0.75f, 0.75f, 0.25f });
            using var bilinear = line.outer(line);
            foreach (var (parameterName, weight) in generator.named_parameters())
            {
                if (weight.dim() != 4)
                    continue;
                var (inputs, outputs) = (weight.shape[0], weight.shape[1]);
                if (parameterName.StartsWith("main.0.", StringComparison.Ordinal))
                {
                    // The stem spreads each latent direction over the 4x4 start as a smooth random field.
                    weight.normal_(0, 1.2 / Math.Sqrt(inputs));
                    continue;
                }
                // Softer on the last layer, so Tanh leaves mid-tones.
                var gain = outputs == Architecture.Channels ? 1.4 : 2.2;
                using var mixing = randn(inputs, outputs) * (gain / Math.Sqrt(inputs));
                weight.copy_(mixing.unsqueeze(-1).unsqueeze(-1) * bilinear);
            }
        }
        var path = Path.Combine(folder, name);
        StateDictFile.Save(generator, path);
        return path;
    }
}
