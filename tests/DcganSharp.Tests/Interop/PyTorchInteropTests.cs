using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Interop;

/// <summary>Weights written by dcgan-sharp load into real PyTorch networks and compute the same outputs.</summary>
public sealed class PyTorchInteropTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("pytorch-interop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableTheory]
    [InlineData("generator", 64, 3, 100, 8)]
    [InlineData("generator", 28, 1, 16, 8)]
    [InlineData("discriminator", 64, 3, 100, 8)]
    [InlineData("discriminator", 32, 1, 100, 4)]
    public void Pth_written_in_csharp_loads_strictly_in_pytorch_and_gives_the_same_output(string kind, int size, int nc, int nz, int width)
    {
        PythonTorch.SkipIfMissing();
        manual_seed(21);
        var architecture = new DcganArchitecture(size, nc, nz, width, width);
        using nn.Module<Tensor, Tensor> network = kind == "generator"
            ? WeightInit.Apply(new DcganGenerator(architecture))
            : WeightInit.Apply(new DcganDiscriminator(architecture));
        // Non-trivial running statistics, so eval mode exercises every saved buffer.
        using (no_grad())
        {
            foreach (var (name, buffer) in network.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)))
                buffer.uniform_(-0.1, 0.1);
        }
        network.eval();
        using var input = kind == "generator" ? randn(3, nz, 1, 1) : rand(3, nc, size, size) * 2 - 1;
        Tensor expected;
        using (no_grad())
            expected = network.forward(input);
        using var expectedOutput = expected;

        var weights = Path.Combine(folder, "net.pth");
        var inputs = Path.Combine(folder, "inputs.pth");
        var outputs = Path.Combine(folder, "outputs.pth");
        StateDictFile.Save(network, weights);
        StateDictFile.Save(new Dictionary<string, Tensor> { ["input"] = input }, inputs);

        PythonTorch.RunScript(PythonTorch.Script("run_in_pytorch.py"), kind, $"{size}", $"{nc}", $"{nz}", $"{width}", weights, inputs, outputs);

        var actual = StateDictFile.Read(outputs)["output"];
        TensorAssert.Close(expected, actual, 1e-5, $"{kind} output in PyTorch");
    }
}
