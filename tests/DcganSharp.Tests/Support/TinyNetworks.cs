using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Support;

/// <summary>Small seeded networks saved to disk, for tests that need a generator file.</summary>
internal static class TinyNetworks
{
    /// <summary>16x16 RGB, nz 8, ngf/ndf 4: a few thousand parameters.</summary>
    public static readonly DcganArchitecture Small = new(16, 3, 8, 4, 4);

    /// <summary>A seeded generator with non-trivial BatchNorm running statistics, so eval and train mode differ.</summary>
    public static DcganGenerator Generator(DcganArchitecture? architecture = null, int seed = 1)
    {
        manual_seed(seed);
        var generator = WeightInit.Apply(new DcganGenerator(architecture ?? Small));
        using (no_grad())
        {
            foreach (var (name, buffer) in generator.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                    buffer.uniform_(-0.1, 0.1);
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                    buffer.uniform_(0.5, 1.5);
            }
        }
        return generator;
    }

    /// <summary>Writes a seeded generator as a PyTorch .pth and returns its path.</summary>
    public static string SaveGenerator(string folder, string name = "netG.pth", DcganArchitecture? architecture = null, int seed = 1)
    {
        using var generator = Generator(architecture, seed);
        var path = Path.Combine(folder, name);
        StateDictFile.Save(generator, path);
        return path;
    }

    /// <summary>
    /// A seeded generator whose images use the whole [-1, 1] range (He-scaled weights, BatchNorm with
    /// varied statistics and affine terms), saved as a .pth; for comparisons that a near-flat output
    /// would pass whatever the code did.
    /// </summary>
    public static string SaveLivelyGenerator(string folder, DcganArchitecture architecture, string name = "netG.pth")
    {
        using var generator = Generator(architecture);
        using (no_grad())
        {
            manual_seed(architecture.ImageSize * 7 + architecture.Channels);
            for (var i = 0; i < generator.Convolutions.Count; i++)
            {
                var weight = generator.Convolutions[i].weight!;
                var stride = i == 0 ? 1 : 2;
                var fanIn = weight.shape[0] * weight.shape[2] * weight.shape[3] / (stride * stride);
                weight.normal_(0, Math.Sqrt(2.0 / fanIn));
            }
            foreach (var norm in generator.Norms)
            {
                norm.weight!.uniform_(0.5, 1.5);
                norm.bias!.uniform_(-0.2, 0.2);
            }
        }
        var path = Path.Combine(folder, name);
        StateDictFile.Save(generator, path);
        return path;
    }
}
