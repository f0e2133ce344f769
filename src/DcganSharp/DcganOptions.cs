using System.Text.Json.Serialization;

namespace DcganSharp;

/// <summary>
/// Everything a DCGAN training run is told, with pytorch/examples' defaults (plus the quality
/// recipe's): what <see cref="Dcgan.Train"/> takes, what `dcgan train`'s flags set, and what
/// every checkpoint stores. Only <see cref="Dataset"/> (and, for files on disk,
/// <see cref="DataRoot"/>) must be set for a new run; <see cref="Resume"/> alone continues one.
/// </summary>
/// <remarks>
/// This record is the one place a training setting is defined: its default, the values it may
/// take (checked before any work starts; a bad one is an <see cref="ArgumentException"/> naming
/// the property), what a resumed run does with it, and whether checkpoints keep it (those marked
/// [JsonIgnore] are given anew by each invocation). Names follow the reference's flags (niter,
/// nz, ngf, ndf, outf, ...) in readable form.
/// </remarks>
public sealed record DcganOptions
{
    /// <summary>Every property at its default.</summary>
    internal static readonly DcganOptions Defaults = new();

    /// <summary>The training images; null only with <see cref="Resume"/> (the run's own).</summary>
    [OnResume(ResumeRule.Refuse)]
    public DatasetKind? Dataset { get; init; }

    /// <summary>Where the dataset's files are (or are downloaded to); not used for <see cref="DatasetKind.Fake"/>.</summary>
    [StoredAsFullPath]
    public string? DataRoot { get; init; }

    /// <summary>Threads decoding batches ahead of training (0: on the training thread).</summary>
    [JsonIgnore]
    [Interval(0, 256)]
    public int Workers { get; init; } = 2;

    /// <summary>Image channels (nc): 1 (grayscale) or 3 (colour); null: the dataset's own (1 for MNIST and Fashion-MNIST, 3 otherwise).</summary>
    [OnResume(ResumeRule.Architecture)]
    [OneOf(1, 3, Says = "1 (grayscale) or 3 (colour)")]
    public int? Channels { get; init; }

    /// <summary>Keep decoded, resized images in memory (if they fit); null: on for MNIST, Fashion-MNIST and CIFAR-10 unless enlarging, off for image folders and CelebA.</summary>
    [JsonIgnore]
    public bool? Cache { get; init; }

    /// <summary>The part of CelebA or CIFAR-10 to train on; null: <see cref="DataSplit.Train"/>.</summary>
    [OnResume(ResumeRule.Refuse)]
    public DataSplit? Split { get; init; }

    /// <summary>Side of the centred square cut from CelebA's 178x218 faces before resizing; null: 108; 0: the largest square.</summary>
    [OnResume(ResumeRule.Refuse)]
    [Interval(8, 4096, ZeroMeans = "largest square", Unit = "pixels")]
    public int? CelebaCrop { get; init; }

    /// <summary>
    /// Train a class-conditional DCGAN on labelled data (MNIST's digits, Fashion-MNIST's and
    /// CIFAR-10's classes, or a folder with one subfolder per class): both networks are given the
    /// class, and samples can be asked for by class. False: the reference's unconditional DCGAN.
    /// </summary>
    /// <remarks>Stored only when on, so that unconditional runs write the configuration they always wrote.</remarks>
    [OnResume(ResumeRule.Refuse)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Conditional { get; init; }

    /// <summary>Images per step; null: the recipe's (<see cref="RecipeName.Reference"/>: pytorch/examples' 64; <see cref="RecipeName.Quality"/>: half that).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(2, 65536, Note = "BatchNorm needs 2 images")]
    public int? BatchSize { get; init; }

    /// <summary>Side of the square images the networks see: from 16 to 256, a 4x4 to 7x7 stem doubled at least twice (16, 20, 24, 28, 32, 40, 48, ... 256).</summary>
    [OnResume(ResumeRule.Architecture)]
    [SupportedImageSize]
    public int ImageSize { get; init; } = 64;

    /// <summary>nz: length of the latent code.</summary>
    [OnResume(ResumeRule.Architecture)]
    [Interval(1, 100_000)]
    public int LatentSize { get; init; } = 100;

    /// <summary>ngf: the generator's feature width (filters in its last layer).</summary>
    [OnResume(ResumeRule.Architecture)]
    [Interval(1, 4096)]
    public int GeneratorFeatures { get; init; } = 64;

    /// <summary>ndf: the discriminator's feature width (filters in its first layer); null: <see cref="DiscriminatorWeights"/>' own, else the recipe's (reference: 64; quality: half that).</summary>
    [OnResume(ResumeRule.Architecture)]
    [Interval(1, 4096)]
    public int? DiscriminatorFeatures { get; init; }

    /// <summary>niter: passes over the data.</summary>
    [Interval(1, 1_000_000)]
    public int Epochs { get; init; } = 25;

    /// <summary>Adam's learning rate (G's, and D's unless <see cref="DiscriminatorLearningRate"/> is set); null: the recipe's (reference: 0.0002; quality: faster).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MinExclusive = true)]
    public double? LearningRate { get; init; }

    /// <summary>Adam's beta1.</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MaxExclusive = true)]
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam's beta2 (the reference fixes it at 0.999).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(0, 1, MaxExclusive = true)]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Train a single iteration of a single epoch, to check that everything works.</summary>
    [JsonIgnore]
    public bool DryRun { get; init; }

    /// <summary>netG: generator weights to start from (a PyTorch state_dict .pth, e.g. from pytorch/examples).</summary>
    [JsonIgnore]
    public string? GeneratorWeights { get; init; }

    /// <summary>netD: discriminator weights to start from.</summary>
    [JsonIgnore]
    public string? DiscriminatorWeights { get; init; }

    /// <summary>
    /// outf: folder for checkpoints, sample grids and weights (netG_epoch_N.pth, ...); null: a new
    /// folder under the system's temporary folder (the command line's default is the current
    /// folder), named in <see cref="TrainedGenerator.RunFolder"/>.
    /// </summary>
    [JsonIgnore]
    public string? OutputFolder { get; init; }

    /// <summary>manualSeed: seed for weights, noise and data order; null: a random one (reported in <see cref="TrainedGenerator.Seed"/>).</summary>
    [OnResume(ResumeRule.Refuse)]
    [Interval(0, Says = "a non-negative integer")]
    public int? Seed { get; init; }

    /// <summary>Where to train.</summary>
    [JsonIgnore]
    public ComputeTarget Device { get; init; } = ComputeTarget.Auto;

    /// <summary>Which CUDA device, with <see cref="ComputeTarget.Cuda"/>; null: the first.</summary>
    [JsonIgnore]
    [Interval(0)]
    public int? DeviceIndex { get; init; }

    /// <summary>Iterations between sample grids (as in the reference).</summary>
    [OnResume(ResumeRule.ReplaceInexactly)]
    [Interval(1)]
    public int SampleEvery { get; init; } = 100;

    /// <summary>Images in the <see cref="DatasetKind.Fake"/> dataset.</summary>
    [OnResume(ResumeRule.Refuse)]
    [Interval(2)]
    public int FakeCount { get; init; } = 1000;

    /// <summary>Download MNIST, Fashion-MNIST or CIFAR-10 when their files are missing.</summary>
    [JsonIgnore]
    public bool Download { get; init; } = true;

    /// <summary>Continue a run exactly where it stopped: its <see cref="OutputFolder"/> or a checkpoint file. Settings left at their defaults keep the run's values; others replace them where that keeps the run sound.</summary>
    [JsonIgnore]
    public string? Resume { get; init; }

    /// <summary>Also save checkpoint.pt every N iterations (0: after each epoch only).</summary>
    [Interval(0, ZeroMeans = "epoch ends only")]
    public int SaveEvery { get; init; } = 200;

    /// <summary>How many checkpoint-epoch-N.pt files to keep.</summary>
    [Interval(1)]
    public int Keep { get; init; } = 3;

    /// <summary>What to do when training diverges.</summary>
    public DivergencePolicy OnDiverge { get; init; } = DivergencePolicy.Stop;

    /// <summary>Iterations in a row with D(x) ≥ 1 − <see cref="CollapseMargin"/> and D(G(z)) ≤ <see cref="CollapseMargin"/> that count as divergence.</summary>
    [Interval(1)]
    public int CollapsePatience { get; init; } = 100;

    /// <summary>How near D's outputs must come to 1 and 0 for an iteration to count as collapsed.</summary>
    [Interval(0, 1, MinExclusive = true)]
    public double CollapseMargin { get; init; } = 0.01;

    /// <summary>Most rollbacks (<see cref="DivergencePolicy.Rollback"/>) before giving up.</summary>
    [Interval(0)]
    public int MaxRollbacks { get; init; } = 3;

    /// <summary>Start a new run in an <see cref="OutputFolder"/> that already holds one, replacing its files.</summary>
    [JsonIgnore]
    public bool Overwrite { get; init; }

    /// <summary>
    /// On CUDA, let matrix products and convolutions run in TF32 (10-bit mantissa products, FP32
    /// accumulation), several times faster on Ampere and newer GPUs; false keeps full FP32.
    /// </summary>
    public bool AllowTf32 { get; init; } = true;

    /// <summary>Also log scalars and sample grids for TensorBoard under &lt;outf&gt;/tensorboard.</summary>
    public bool TensorBoard { get; init; }

    /// <summary>Measure FID (and KID, precision/recall) every N iterations into fid.csv, fid.png and metrics.csv; 0: never.</summary>
    [Interval(0, ZeroMeans = "off")]
    public int EvalEvery { get; init; }

    /// <summary>
    /// The feature network for <see cref="EvalEvery"/> (`dcgan evaluate train-features`, or Inception weights);
    /// null: the default judge, the pretrained ResNet18, for RGB data.
    /// </summary>
    [StoredAsFullPath]
    public string? EvalFeatures { get; init; }

    /// <summary>Generated images per <see cref="EvalEvery"/> measurement.</summary>
    [Interval(10, 100_000)]
    public int EvalSamples { get; init; } = 1000;

    /// <summary>Real images the <see cref="EvalEvery"/> measurements compare with, drawn at random (always the same ones); null: all.</summary>
    [Interval(2)]
    public int? EvalRealCount { get; init; }

    /// <summary>Where real-data feature statistics are cached; null: the user's cache folder (~/.cache/dcgan-sharp).</summary>
    [StoredAsFullPath]
    public string? EvalCacheFolder { get; init; }

    /// <summary>Quality (an averaged generator and the choices bench/quality measured best; the default) or Reference (pytorch/examples exactly).</summary>
    /// <remarks>The recipe and the settings that change its parts are not stored as given: the checkpoint keeps the recipe the run trained with (a rollback halves its D rate).</remarks>
    [JsonIgnore]
    public RecipeName Recipe { get; init; } = RecipeName.Quality;

    /// <summary>Differentiable augmentation of everything D sees; null: the recipe's (both recipes: none).</summary>
    [JsonIgnore]
    public Augmentations? Augment { get; init; }

    /// <summary>Half-life of the generator's moving average in training images, capped early in training by a share of the images seen so far (0: no average); null: the recipe's.</summary>
    [JsonIgnore]
    [Interval(0, Says = "0 (off) or a positive number of images")]
    public double? EmaHalfLife { get; init; }

    /// <summary>D's own learning rate (two time-scale update rule); null: <see cref="LearningRate"/>.</summary>
    [JsonIgnore]
    [Interval(0, 1, MinExclusive = true)]
    public double? DiscriminatorLearningRate { get; init; }

    /// <summary>One-sided label smoothing: D's target for real images is 1 minus this; null: the recipe's (both recipes: 0).</summary>
    [JsonIgnore]
    [Interval(0, 0.5, MaxExclusive = true)]
    public double? LabelSmoothing { get; init; }

    /// <summary>Weight γ of the R1 penalty on D's gradient at real images (Mescheder et al. 2018; 0: off); null: the recipe's (reference: 0).</summary>
    [JsonIgnore]
    [Interval(0, 10_000)]
    public double? R1Gamma { get; init; }

    /// <summary>
    /// Names of the properties given explicitly (on the command line, or set away from their
    /// defaults in code), so a resumed run can tell a setting given again from a default.
    /// </summary>
    [JsonIgnore]
    internal IReadOnlySet<string> Explicit { get; init; } = new HashSet<string>();
}
