using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Support;

public static class TensorAssert
{
    /// <summary>Asserts equal shapes and max |expected - actual| within <paramref name="tolerance"/>.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(",", actual.shape)}] but expected [{string.Join(",", expected.shape)}]");
        using var scope = NewDisposeScope();
        var difference = (expected.to(float64) - actual.to(float64)).abs();
        var worst = difference.numel() == 0 ? 0 : difference.max().item<double>();
        Assert.True(worst <= tolerance, $"{what}: max abs difference {worst:G6} exceeds {tolerance:G3}");
    }

    /// <summary>Asserts two state dicts have the same keys and every tensor is within tolerance.</summary>
    public static void StateDictsClose(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var (key, tensor) in expected)
            Close(tensor, actual[key], tolerance, $"{what} {key}");
    }
}
