namespace DcganSharp.Evaluation;

/// <summary>How `dcgan evaluate train-features` trains its LeNet.</summary>
/// <param name="Epochs">Passes over the training images.</param>
/// <param name="MaxIterations">Stop after this many batches in all (for quick runs and tests); null for no limit.</param>
/// <param name="TestLimit">Test on at most this many held-out images; null for all.</param>
/// <param name="Width">Filters of the first convolution (see <see cref="LeNetClassifier"/>).</param>
internal sealed record FeatureTrainingOptions(
    int Epochs = 5,
    int BatchSize = 128,
    double LearningRate = 1e-3,
    int Seed = 1,
    int? MaxIterations = null,
    int? TestLimit = null,
    int Width = LeNetClassifier.DefaultWidth);
