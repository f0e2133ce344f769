namespace DcganSharp.Evaluation;

/// <summary>Settings of the metrics beyond FID.</summary>
/// <param name="KidSubsets">Random subsets KID is averaged over.</param>
/// <param name="KidSubsetSize">Images per KID subset (reduced to the sample count when that is smaller).</param>
/// <param name="NeighbourK">k of the k-NN manifolds of precision/recall.</param>
/// <param name="Seed">Seed of KID's subset draws.</param>
internal sealed record QualityOptions(
    int KidSubsets = KernelInceptionDistance.DefaultSubsets,
    int KidSubsetSize = KernelInceptionDistance.DefaultSubsetSize,
    int NeighbourK = PrecisionRecall.DefaultK,
    long Seed = 0);
