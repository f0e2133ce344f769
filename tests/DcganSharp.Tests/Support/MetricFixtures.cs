using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Support;

/// <summary>Reference values computed by numpy/scipy (Fixtures/evaluation/make_evaluation_fixtures.py).</summary>
internal sealed class MetricFixtures : IDisposable
{
    readonly Dictionary<string, Tensor> tensors = StateDictFile.Read(Path.Combine(FixturePaths.Root, "evaluation", "metrics.pth"));

    public Tensor this[string name] => tensors[name];

    public double Scalar(string name) => tensors[name][0].item<double>();

    public void Dispose()
    {
        foreach (var tensor in tensors.Values)
            tensor.Dispose();
    }
}
