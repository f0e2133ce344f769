using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DcganSharp.Evaluation;

/// <summary>
/// A small LeNet-style classifier for the evaluation features: two convolution + max-pool stages,
/// a 128-unit hidden layer and a linear classifier. The hidden layer's (post-ReLU) activations are
/// the feature vector of <see cref="Embed"/>, the "Frechet LeNet Distance" features.
/// </summary>
/// <remarks>
/// Input is [N, channels, inputSize, inputSize] in [-1, 1]; inputSize must be a multiple of 4
/// (28 for MNIST-family data, 32 for folders). The convolutions have <c>width</c> and 2 x width
/// filters (32 and 64 by default; tests use narrower, faster networks). Submodule names are
/// stable state_dict keys (features.0.weight, embedding.1.weight, classifier.weight, ...).
/// </remarks>
internal sealed class LeNetClassifier : Module<Tensor, Tensor>
{
    public const int FeatureSize = 128;

    readonly Sequential features;
    readonly Sequential embedding;
    readonly Dropout dropout;
    readonly Linear classifier;

    public const int DefaultWidth = 32;

    public LeNetClassifier(int channels, int inputSize, int classes, int width = DefaultWidth) : base(nameof(LeNetClassifier))
    {
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), $"channels must be 1 to 4, got {channels}");
        if (inputSize < 8 || inputSize % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"the input size must be a multiple of 4 from 8 up, got {inputSize}");
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), $"a classifier needs at least 2 classes, got {classes}");
        if (width is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(width), $"the width must be 1 to 1024, got {width}");
        Channels = channels;
        InputSize = inputSize;
        Classes = classes;
        Width = width;

        // 28x28 -> 14x14 -> 7x7: two stages, each a padded convolution, ReLU and 2x2 max-pool.
        features = Sequential(
            Conv2d(channels, width, 5, padding: 2), ReLU(), MaxPool2d(2),
            Conv2d(width, 2 * width, 3, padding: 1), ReLU(), MaxPool2d(2));
        var flat = 2L * width * (inputSize / 4) * (inputSize / 4);
        embedding = Sequential(Flatten(), Linear(flat, FeatureSize), ReLU());
        dropout = Dropout(0.3);
        classifier = Linear(FeatureSize, classes);
        RegisterComponents();
    }

    public int Channels { get; }

    public int InputSize { get; }

    public int Classes { get; }

    public int Width { get; }

    /// <summary>The 128-d penultimate activations, [N, 128].</summary>
    public Tensor Embed(Tensor images)
    {
        using var maps = features.forward(images);
        return embedding.forward(maps);
    }

    /// <summary>Class logits, [N, classes].</summary>
    public override Tensor forward(Tensor images)
    {
        using var embedded = Embed(images);
        using var dropped = dropout.forward(embedded);
        return classifier.forward(dropped);
    }

    /// <summary>Logits from already computed embeddings (no dropout: for evaluation).</summary>
    public Tensor Classify(Tensor embedded) => classifier.forward(embedded);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            embedding.Dispose();
            dropout.Dispose();
            classifier.Dispose();
        }
        base.Dispose(disposing);
    }
}
