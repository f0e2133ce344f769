using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>The output of <see cref="IFeatureExtractor.Extract"/>; owns its tensors.</summary>
internal sealed class FeatureBatch(Tensor features, Tensor? classes) : IDisposable
{
    /// <summary>[N, d] float32 on the CPU.</summary>
    public Tensor Features { get; } = features;

    /// <summary>[N] int64 predicted classes on the CPU, or null.</summary>
    public Tensor? Classes { get; } = classes;

    public void Dispose()
    {
        Features.Dispose();
        Classes?.Dispose();
    }
}
