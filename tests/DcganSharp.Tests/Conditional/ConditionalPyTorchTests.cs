using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Conditional;

/// <summary>Conditional weights load strictly into pytorch/examples' networks with one nn.Embedding added (as the README shows) and compute the same outputs.</summary>
public sealed class ConditionalPyTorchTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("conditional-pytorch-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableTheory]
    [InlineData("generator", 32, 1, 16, 8)]
    [InlineData("discriminator", 32, 1, 16, 4)]
    [InlineData("generator", 28, 3, 16, 8)]
    [InlineData("discriminator", 28, 3, 16, 4)]
    public void Conditional_pth_loads_in_pytorch_and_gives_the_same_output(string kind, int size, int nc, int nz, int width)
    {
        PythonTorch.SkipIfMissing();
        manual_seed(33);
        var architecture = new DcganArchitecture(size, nc, nz, width, width, Classes: 5);
        using var generator = kind == "generator" ? WeightInit.Apply(new DcganGenerator(architecture)) : null;
        using var discriminator = kind == "discriminator" ? WeightInit.Apply(new DcganDiscriminator(architecture)) : null;
        nn.Module network = (nn.Module?)generator ?? discriminator!;
        using (no_grad())
        {
            foreach (var (_, buffer) in network.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)))
                buffer.uniform_(-0.1, 0.1);
        }
        network.eval();
        using var input = kind == "generator" ? randn(4, nz, 1, 1) : rand(4, nc, size, size) * 2 - 1;
        using var labels = tensor(new long[] { 0, 4, 2, 2 });
        Tensor expected;
        using (no_grad())
            expected = generator?.forward(input, labels) ?? discriminator!.forward(input, labels);
        using var expectedOutput = expected;

        var weights = Path.Combine(folder, "net.pth");
        var inputs = Path.Combine(folder, "inputs.pth");
        var outputs = Path.Combine(folder, "outputs.pth");
        StateDictFile.Save(network, weights);
        StateDictFile.Save(new Dictionary<string, Tensor> { ["input"] = input, ["labels"] = labels }, inputs);

        PythonTorch.RunScript(PythonTorch.Script("run_conditional_in_pytorch.py"), kind, $"{size}", $"{nc}", $"{nz}", $"{width}", "5", weights, inputs, outputs);

        var actual = StateDictFile.Read(outputs)["output"];
        TensorAssert.Close(expected, actual, 1e-5, $"conditional {kind} output in PyTorch");
    }
}
