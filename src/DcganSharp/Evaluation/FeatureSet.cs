using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>The features of a whole image set ([N, d] float32, CPU) and, from a classifier, each image's predicted class.</summary>
internal sealed class FeatureSet(Tensor features, long[]? classes) : IDisposable
{
    public Tensor Features { get; } = features;

    public long[]? Classes { get; } = classes;

    public int Count => (int)Features.shape[0];

    /// <summary>Joins batches in order; the batches stay the caller's.</summary>
    public static FeatureSet Concat(IReadOnlyList<FeatureBatch> batches, int featureSize)
    {
        if (batches.Count == 0)
            return new FeatureSet(zeros(0, featureSize), null);
        var features = batches.Count == 1 ? batches[0].Features.clone() : cat(batches.Select(b => b.Features).ToList(), 0);
        var classes = batches.All(b => b.Classes is not null)
            ? batches.SelectMany(b => b.Classes!.data<long>().ToArray()).ToArray()
            : null;
        return new FeatureSet(features, classes);
    }

    public void Dispose() => Features.Dispose();
}
