namespace DcganSharp.Evaluation;

/// <summary>The quality of one set of generated samples against a real reference.</summary>
/// <param name="Samples">Generated samples measured.</param>
/// <param name="Fid">Fréchet distance of the feature statistics (lower is better; 0 for identical distributions).</param>
/// <param name="Kid">KID mean and standard deviation over subsets (lower is better, ~0 for identical distributions).</param>
/// <param name="Precision">Share of samples on the real manifold (improved precision, k-NN).</param>
/// <param name="Recall">Share of real images on the samples' manifold (improved recall, k-NN).</param>
/// <param name="Coverage">The samples' spread over the data classes; null when the feature network is no classifier.</param>
/// <param name="RealCoverage">The same for the real images, for comparison.</param>
/// <param name="Seconds">Wall time of the measurement (generation, features and metrics).</param>
internal sealed record QualityResult(
    long Samples,
    double Fid,
    KidResult Kid,
    double Precision,
    double Recall,
    ClassCoverage? Coverage,
    ClassCoverage? RealCoverage,
    double Seconds);
