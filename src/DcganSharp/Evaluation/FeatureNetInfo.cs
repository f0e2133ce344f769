namespace DcganSharp.Evaluation;

/// <summary>
/// The metadata saved next to a trained feature network (features.pt.json): what it was trained
/// on, for which input, and how well it classifies held-out images.
/// </summary>
internal sealed record FeatureNetInfo
{
    public const string ClassesTask = "classes";

    /// <summary>Self-supervised rotation prediction, for unlabelled folders.</summary>
    public const string RotationTask = "rotation";

    public string Kind { get; init; } = "lenet";

    /// <summary>mnist | fashion-mnist | folder.</summary>
    public string Dataset { get; init; } = "";

    /// <summary>The training data's identity (see <see cref="LabelledImages.Identity"/>).</summary>
    public string DatasetIdentity { get; init; } = "";

    /// <summary><see cref="ClassesTask"/> (predicts the data's labels) or <see cref="RotationTask"/>.</summary>
    public string Task { get; init; } = ClassesTask;

    /// <summary>The data's class names in label order (empty for the rotation task).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Outputs of the classifier head: the classes, or 4 rotations.</summary>
    public int Outputs { get; init; }

    public int Channels { get; init; }

    /// <summary>Images are resized to InputSize x InputSize before the network.</summary>
    public int InputSize { get; init; }

    public int FeatureSize { get; init; }

    /// <summary>Filters of the first convolution (the second has twice as many).</summary>
    public int Width { get; init; } = LeNetClassifier.DefaultWidth;

    /// <summary>Fraction of held-out images classified correctly (for the rotation task: rotations).</summary>
    public double Accuracy { get; init; }

    /// <summary>What the accuracy was measured on.</summary>
    public string AccuracyOn { get; init; } = "";

    public int TrainImages { get; init; }

    public int Epochs { get; init; }

    public DateTimeOffset CreatedUtc { get; init; }
}
