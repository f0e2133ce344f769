using DcganSharp.Training;

namespace DcganSharp.Runs;

/// <summary>
/// Everything `dcgan train` is told, with pytorch/examples' defaults. Property names follow the
/// reference's flags (niter, nz, ngf, ndf, outf, ...) in readable form.
/// </summary>
internal sealed record TrainingOptions
{
    /// <summary>mnist | fashion-mnist | cifar10 | celeba | folder (imagenet, lfw) | fake.</summary>
    public string Dataset { get; init; } = "";

    /// <summary>Where the dataset lives (or is downloaded to); not needed for fake.</summary>
    public string? DataRoot { get; init; }

    /// <summary>Background threads decoding batches (0: decode on the training thread).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Image channels (nc): 1 (grayscale) or 3; null keeps the dataset's own (1 for MNIST, 3 otherwise).</summary>
    public int? Channels { get; init; }

    /// <summary>Keep decoded images in memory; null: on for MNIST and CIFAR-10, off for image folders and CelebA.</summary>
    public bool? Cache { get; init; }

    /// <summary>train | valid | test | all, for CelebA and CIFAR-10; null: train.</summary>
    public string? Split { get; init; }

    /// <summary>Side of the centred square cut from CelebA's 178x218 faces before resizing; null: 108; 0: the largest square.</summary>
    public int? CelebaCrop { get; init; }

    public int BatchSize { get; init; } = 64;

    public int ImageSize { get; init; } = 64;

    /// <summary>nz: size of the latent code.</summary>
    public int LatentSize { get; init; } = 100;

    /// <summary>ngf: generator feature width.</summary>
    public int GeneratorFeatures { get; init; } = 64;

    /// <summary>ndf: discriminator feature width.</summary>
    public int DiscriminatorFeatures { get; init; } = 64;

    /// <summary>niter: number of epochs.</summary>
    public int Epochs { get; init; } = 25;

    public double LearningRate { get; init; } = 0.0002;

    public double Beta1 { get; init; } = 0.5;

    /// <summary>Run a single iteration of a single epoch to check that everything works.</summary>
    public bool DryRun { get; init; }

    /// <summary>netG: generator weights to start from (a PyTorch state_dict .pth).</summary>
    public string? GeneratorWeights { get; init; }

    /// <summary>netD: discriminator weights to start from.</summary>
    public string? DiscriminatorWeights { get; init; }

    /// <summary>outf: folder for sample images and checkpoints.</summary>
    public string OutputFolder { get; init; } = ".";

    /// <summary>manualSeed; a random one is drawn (and printed) when absent.</summary>
    public int? Seed { get; init; }

    /// <summary>cpu | cuda | auto.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Iterations between sample grids (the reference uses 100).</summary>
    public int SampleEvery { get; init; } = 100;

    /// <summary>Number of images in the fake dataset.</summary>
    public int FakeCount { get; init; } = 1000;

    /// <summary>Download missing datasets (MNIST-family) instead of failing.</summary>
    public bool Download { get; init; } = true;

    /// <summary>Continue a run: its --outf folder or a checkpoint file.</summary>
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
    public double CollapseMargin { get; init; } = 0.01;

    /// <summary>Most rollbacks before giving up.</summary>
    public int MaxRollbacks { get; init; } = 3;

    /// <summary>Start a new run in an --outf that already holds one, replacing its files.</summary>
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

    /// <summary>The feature network for --eval-every (dcgan evaluate train-features, or Inception weights).</summary>
    public string? EvalFeatures { get; init; }

    /// <summary>Generated images per --eval-every measurement.</summary>
    public int EvalSamples { get; init; } = 1000;

    /// <summary>Where real-data feature statistics are cached (null: the user's cache folder).</summary>
    public string? EvalCacheFolder { get; init; }

    /// <summary>quality (the default: an averaged generator and the choices bench/quality measured best) or reference (pytorch/examples exactly).</summary>
    public RecipeName Recipe { get; init; } = RecipeName.Quality;

    /// <summary>Differentiable augmentation of D's inputs; null: the recipe's.</summary>
    public Augmentations? Augment { get; init; }

    /// <summary>Half-life of the generator average in images (0: off); null: the recipe's.</summary>
    public double? EmaHalfLife { get; init; }

    /// <summary>D's learning rate; null: the recipe's multiple of <see cref="LearningRate"/>.</summary>
    public double? DiscriminatorLearningRate { get; init; }

    /// <summary>One-sided label smoothing: real images' target is 1 minus this; null: the recipe's.</summary>
    public double? LabelSmoothing { get; init; }

    /// <summary>The recipe a resumed run was trained with (from its checkpoint); the flags above still override it.</summary>
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
        if (DiscriminatorLearningRate is { } lrD)
            recipe = recipe with { DiscriminatorLearningRateScale = lrD / LearningRate };
        return recipe;
    }

    /// <summary>The images this run trains on.</summary>
    public Data.DatasetRequest DatasetRequest => new(Dataset, DataRoot, ImageSize, Channels, Cache, Split, CelebaCrop, FakeCount, Download);

    /// <summary>Names of the properties given explicitly (on the command line), so --resume can tell overrides from defaults.</summary>
    public IReadOnlySet<string> Explicit { get; init; } = new HashSet<string>();
}
