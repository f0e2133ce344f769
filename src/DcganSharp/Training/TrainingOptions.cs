using System.Text.Json.Serialization;

namespace DcganSharp.Training;

/// <summary>
/// Everything `dcgan train` is told, with pytorch/examples' defaults: the one place a setting is
/// defined. Checkpoints store this record as it is (less the [JsonIgnore] properties, which each
/// invocation gives anew) and --resume merges the stored one with the properties given again, by
/// each property's <see cref="OnResumeAttribute"/>; so a new setting is a property here and a flag
/// bound to it, nothing more. Property names follow the reference's flags (niter, nz, ngf, ndf,
/// outf, ...) in readable form.
/// </summary>
internal sealed record TrainingOptions
{
    /// <summary>Every property at its default.</summary>
    public static readonly TrainingOptions Defaults = new();

    /// <summary>mnist | fashion-mnist | cifar10 | celeba | folder (imagenet, lfw) | fake.</summary>
    [OnResume(ResumeRule.Refuse)]
    public string Dataset { get; init; } = "";

    /// <summary>Where the dataset lives (or is downloaded to); not needed for fake.</summary>
    [StoredAsFullPath]
    public string? DataRoot { get; init; }

    /// <summary>Background threads decoding batches (0: decode on the training thread).</summary>
    [JsonIgnore]
    public int Workers { get; init; } = 2;

    /// <summary>Image channels (nc): 1 (grayscale) or 3; null keeps the dataset's own (1 for MNIST, 3 otherwise).</summary>
    [OnResume(ResumeRule.Architecture)]
    public int? Channels { get; init; }

    /// <summary>Keep decoded images in memory; null: on for MNIST and CIFAR-10, off for image folders and CelebA.</summary>
    [JsonIgnore]
    public bool? Cache { get; init; }

    /// <summary>train | valid | test | all, for CelebA and CIFAR-10; null: train.</summary>
    [OnResume(ResumeRule.Refuse)]
    public string? Split { get; init; }

    /// <summary>Side of the centred square cut from CelebA's 178x218 faces before resizing; null: 108; 0: the largest square.</summary>
    [OnResume(ResumeRule.Refuse)]
    public int? CelebaCrop { get; init; }

    [OnResume(ResumeRule.ReplaceInexactly)]
    public int BatchSize { get; init; } = 64;

    [OnResume(ResumeRule.Architecture)]
    public int ImageSize { get; init; } = 64;

    /// <summary>nz: size of the latent code.</summary>
    [OnResume(ResumeRule.Architecture)]
    public int LatentSize { get; init; } = 100;

    /// <summary>ngf: generator feature width.</summary>
    [OnResume(ResumeRule.Architecture)]
    public int GeneratorFeatures { get; init; } = 64;

    /// <summary>ndf: discriminator feature width (`dcgan train` and the library default to the recipe's, <see cref="TrainingRecipe.DefaultDiscriminatorFeatures"/>).</summary>
    [OnResume(ResumeRule.Architecture)]
    public int DiscriminatorFeatures { get; init; } = 64;

    /// <summary>niter: number of epochs.</summary>
    public int Epochs { get; init; } = 25;

    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MinExclusive = true)]
    public double LearningRate { get; init; } = 0.0002;

    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MaxExclusive = true)]
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's beta2 (the reference fixes it at 0.999).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MaxExclusive = true)]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Run a single iteration of a single epoch to check that everything works.</summary>
    [JsonIgnore]
    public bool DryRun { get; init; }

    /// <summary>netG: generator weights to start from (a PyTorch state_dict .pth).</summary>
    [JsonIgnore]
    public string? GeneratorWeights { get; init; }

    /// <summary>netD: discriminator weights to start from.</summary>
    [JsonIgnore]
    public string? DiscriminatorWeights { get; init; }

    /// <summary>outf: folder for sample images and checkpoints.</summary>
    [JsonIgnore]
    public string OutputFolder { get; init; } = ".";

    /// <summary>manualSeed; a random one is drawn (and printed) when absent.</summary>
    [OnResume(ResumeRule.Refuse)]
    public int? Seed { get; init; }

    /// <summary>cpu | cuda | auto.</summary>
    [JsonIgnore]
    public string Device { get; init; } = "auto";

    /// <summary>Iterations between sample grids (the reference uses 100).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    public int SampleEvery { get; init; } = 100;

    /// <summary>Number of images in the fake dataset.</summary>
    [OnResume(ResumeRule.Refuse)]
    public int FakeCount { get; init; } = 1000;

    /// <summary>Download missing datasets (MNIST-family) instead of failing.</summary>
    [JsonIgnore]
    public bool Download { get; init; } = true;

    /// <summary>Continue a run: its --outf folder or a checkpoint file.</summary>
    [JsonIgnore]
    public string? Resume { get; init; }

    /// <summary>Also save checkpoint.pt every N iterations (0: only after each epoch).</summary>
    public int SaveEvery { get; init; } = 200;

    /// <summary>How many checkpoint-epoch-N.pt files to keep.</summary>
    public int Keep { get; init; } = 3;

    /// <summary>stop | rollback | ignore: what to do when training diverges.</summary>
    public string OnDiverge { get; init; } = "stop";

    /// <summary>Collapsed iterations in a row that count as divergence.</summary>
    public int CollapsePatience { get; init; } = 100;

    /// <summary>D(x) at least 1 - margin and D(G(z)) at most margin counts as a collapsed iteration.</summary>
    [Interval(0, 1, MinExclusive = true)]
    public double CollapseMargin { get; init; } = 0.01;

    /// <summary>Most rollbacks before giving up.</summary>
    public int MaxRollbacks { get; init; } = 3;

    /// <summary>Start a new run in an --outf that already holds one, replacing its files.</summary>
    [JsonIgnore]
    public bool Overwrite { get; init; }

    /// <summary>
    /// On CUDA, let matrix products and convolutions run in TF32 (10-bit mantissa products, FP32
    /// accumulation), several times faster on Ampere and newer GPUs; false keeps full FP32.
    /// </summary>
    public bool AllowTf32 { get; init; } = true;

    /// <summary>Also log scalars and sample grids for TensorBoard under &lt;outf&gt;/tensorboard.</summary>
    public bool TensorBoard { get; init; }

    /// <summary>Measure FID (and KID, precision/recall) every N iterations; 0: never.</summary>
    public int EvalEvery { get; init; }

    /// <summary>
    /// The feature network for --eval-every (dcgan evaluate train-features, or Inception weights);
    /// null: the default judge, the pretrained ResNet18, for RGB data.
    /// </summary>
    [StoredAsFullPath]
    public string? EvalFeatures { get; init; }

    /// <summary>Generated images per --eval-every measurement.</summary>
    public int EvalSamples { get; init; } = 1000;

    /// <summary>Real images the --eval-every measurements compare with, drawn at random (always the same ones); null: all.</summary>
    public int? EvalRealCount { get; init; }

    /// <summary>Where real-data feature statistics are cached (null: the user's cache folder).</summary>
    [StoredAsFullPath]
    public string? EvalCacheFolder { get; init; }

    /// <summary>quality (the default: an averaged generator and the choices bench/quality measured best) or reference (pytorch/examples exactly).</summary>
    /// <remarks>The recipe and the flags that change its parts are not stored as given: the checkpoint keeps the recipe the run trained with (a rollback halves its D rate).</remarks>
    [JsonIgnore]
    public RecipeName Recipe { get; init; } = RecipeName.Quality;

    /// <summary>Differentiable augmentation of D's inputs; null: the recipe's.</summary>
    [JsonIgnore]
    public Augmentations? Augment { get; init; }

    /// <summary>Half-life of the generator average in images (0: off); null: the recipe's.</summary>
    [JsonIgnore]
    public double? EmaHalfLife { get; init; }

    /// <summary>D's learning rate; null: the recipe's multiple of <see cref="LearningRate"/>.</summary>
    [JsonIgnore]
    [Interval(0, 1, MinExclusive = true)]
    public double? DiscriminatorLearningRate { get; init; }

    /// <summary>One-sided label smoothing: real images' target is 1 minus this; null: the recipe's.</summary>
    [JsonIgnore]
    [Interval(0, 0.5, MaxExclusive = true)]
    public double? LabelSmoothing { get; init; }

    /// <summary>Weight of the R1 gradient penalty on real images (0: off); null: the recipe's.</summary>
    [JsonIgnore]
    [Interval(0, 10_000)]
    public double? R1Gamma { get; init; }

    /// <summary>The recipe a resumed run was trained with (from its checkpoint); the flags above still override it.</summary>
    [JsonIgnore]
    public TrainingRecipe? ResumedRecipe { get; init; }

    /// <summary>The recipe to train with: --recipe (or the resumed run's), then the flags that override its parts.</summary>
    public TrainingRecipe ResolveRecipe()
    {
        var recipe = ResumedRecipe ?? TrainingRecipe.For(Recipe);
        if (Augment is { } augment)
            recipe = recipe with { Augment = augment };
        if (EmaHalfLife is { } halfLife)
            recipe = recipe with { EmaHalfLifeImages = halfLife };
        if (LabelSmoothing is { } smoothing)
            recipe = recipe with { RealLabel = 1 - smoothing };
        if (R1Gamma is { } gamma)
            recipe = recipe with { R1Gamma = gamma };
        if (DiscriminatorLearningRate is { } lrD)
            recipe = recipe with { DiscriminatorLearningRateScale = lrD / LearningRate };
        return recipe;
    }

    /// <summary>
    /// Batch size, learning rate and ndf at the recipe's defaults, where they were not given
    /// (<see cref="Explicit"/>); ndf is <paramref name="discriminatorWidth"/>, --netD's own width,
    /// when the caller could read one from that file.
    /// </summary>
    public TrainingOptions WithRecipeDefaults(int? discriminatorWidth = null) => this with
    {
        BatchSize = Explicit.Contains(nameof(BatchSize)) ? BatchSize : TrainingRecipe.DefaultBatchSize(Recipe),
        LearningRate = Explicit.Contains(nameof(LearningRate)) ? LearningRate : TrainingRecipe.DefaultLearningRate(Recipe),
        DiscriminatorFeatures = Explicit.Contains(nameof(DiscriminatorFeatures)) ? DiscriminatorFeatures
            : discriminatorWidth ?? TrainingRecipe.DefaultDiscriminatorFeatures(Recipe),
    };

    /// <summary>The images this run trains on.</summary>
    [JsonIgnore]
    public Data.DatasetRequest DatasetRequest => new(Dataset, DataRoot, ImageSize, Channels, Cache, Split, CelebaCrop, FakeCount, Download);

    /// <summary>Names of the properties given explicitly (on the command line), so --resume can tell overrides from defaults.</summary>
    [JsonIgnore]
    public IReadOnlySet<string> Explicit { get; init; } = new HashSet<string>();
}
