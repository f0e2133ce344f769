namespace DcganSharp.Training;

/// <summary>
/// The training choices a recipe makes, resolved from <c>--recipe</c> and the flags that override
/// it. Stored in every checkpoint, so a resumed run keeps training the way it began.
/// </summary>
internal sealed record TrainingRecipe
{
    public required RecipeName Name { get; init; }

    /// <summary>
    /// Half-life of the generator's exponential moving average, in training images (0: no average).
    /// An update after a batch of B images keeps 0.5^(B / half-life) of the average.
    /// </summary>
    public required double EmaHalfLifeImages { get; init; }

    /// <summary>
    /// Early in training the half-life is at most this fraction of the images seen so far, so the
    /// average does not drag the random initial weights along (StyleGAN2's ramp-up).
    /// </summary>
    public required double EmaRampUp { get; init; }

    /// <summary>Differentiable augmentations applied to both of D's inputs (<see cref="DiffAugment"/>).</summary>
    public required Augmentations Augment { get; init; }

    /// <summary>D's Adam learning rate, as a multiple of --lr (G's); 1 is the reference.</summary>
    public required double DiscriminatorLearningRateScale { get; init; }

    /// <summary>The target for real images in D's loss: 1 is the reference, 0.9 one-sided label smoothing.</summary>
    public required double RealLabel { get; init; }

    /// <summary>
    /// Weight γ of the R1 penalty, γ/2 · E‖∇ₓ logit D(x)‖² over real images (Mescheder et al. 2018):
    /// it keeps D smooth around the data, so it cannot sharpen into memorising it. 0: off (and in
    /// checkpoints written before it existed).
    /// </summary>
    public double R1Gamma { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool AveragesGenerator => EmaHalfLifeImages > 0;

    /// <summary>pytorch/examples' training, bit for bit.</summary>
    public static TrainingRecipe Reference { get; } = new()
    {
        Name = RecipeName.Reference,
        EmaHalfLifeImages = 0,
        EmaRampUp = 0,
        Augment = Augmentations.None,
        DiscriminatorLearningRateScale = 1,
        RealLabel = 1,
    };

    /// <summary>The default: the choices that won on real data in bench/quality (see its README for the numbers).</summary>
    public static TrainingRecipe Quality { get; } = new()
    {
        Name = RecipeName.Quality,
        EmaHalfLifeImages = 10_000,
        EmaRampUp = 0.05,
        Augment = Augmentations.None,
        DiscriminatorLearningRateScale = 1,
        RealLabel = 1,
        R1Gamma = 1,
    };

    /// <summary>
    /// The batch size when none is given: the reference's 64, or for the quality recipe half that,
    /// twice the updates for the same images, which reached a lower FID in the README's ten
    /// minutes (bench/quality/README.md). A checkpoint keeps the batch size the run actually used.
    /// </summary>
    public static int DefaultBatchSize(RecipeName name) => name == RecipeName.Reference ? 64 : 32;

    /// <summary>
    /// ndf when none is given (and no netD says otherwise): the reference's 64, or for the quality
    /// recipe half that. D runs three passes per step to G's one, so halving its width nearly
    /// halves an epoch's cost, and twice the epochs in the same time beat the wider D on MNIST
    /// (bench/quality). G keeps the reference's width, so its files stay pytorch/examples-shaped.
    /// </summary>
    public static int DefaultDiscriminatorFeatures(RecipeName name) => name == RecipeName.Reference ? 64 : 32;

    /// <summary>
    /// Adam's learning rate when none is given: pytorch/examples' 0.0002 for reference; the
    /// quality recipe's average smooths out the noise of a faster rate, which bench/quality measured
    /// to reach a given FID in fewer epochs.
    /// </summary>
    public static double DefaultLearningRate(RecipeName name) => name == RecipeName.Reference ? 0.0002 : QualityLearningRate;

    const double QualityLearningRate = 0.0008;

    public static TrainingRecipe For(RecipeName name) => name == RecipeName.Reference ? Reference : Quality;

    /// <summary>
    /// <paramref name="options"/> with batch size, learning rate and ndf at the recipe's defaults
    /// where they are null; ndf is <paramref name="discriminatorWidth"/>, the width of the netD to
    /// start from, when one could be read.
    /// </summary>
    public static DcganOptions WithDefaults(DcganOptions options, int? discriminatorWidth = null) => options with
    {
        BatchSize = options.BatchSize ?? DefaultBatchSize(options.Recipe),
        LearningRate = options.LearningRate ?? DefaultLearningRate(options.Recipe),
        DiscriminatorFeatures = options.DiscriminatorFeatures ?? discriminatorWidth ?? DefaultDiscriminatorFeatures(options.Recipe),
    };

    /// <summary>
    /// The recipe to train with: <paramref name="resumed"/> (a resumed run's own) or the options'
    /// <see cref="DcganOptions.Recipe"/>, then the settings that override its parts.
    /// </summary>
    /// <param name="options">With the recipe's defaults applied (<see cref="WithDefaults"/>).</param>
    public static TrainingRecipe Resolve(DcganOptions options, TrainingRecipe? resumed = null)
    {
        var recipe = resumed ?? For(options.Recipe);
        if (options.Augment is { } augment)
            recipe = recipe with { Augment = augment };
        if (options.EmaHalfLife is { } halfLife)
            recipe = recipe with { EmaHalfLifeImages = halfLife };
        if (options.LabelSmoothing is { } smoothing)
            recipe = recipe with { RealLabel = 1 - smoothing };
        if (options.R1Gamma is { } gamma)
            recipe = recipe with { R1Gamma = gamma };
        if (options.DiscriminatorLearningRate is { } lrD)
            recipe = recipe with { DiscriminatorLearningRateScale = lrD / options.LearningRate!.Value };
        return recipe;
    }

    public override string ToString() =>
        Name == RecipeName.Reference && this == Reference
            ? "reference (pytorch/examples)"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{Spelling.Of(Name)}: generator average {(AveragesGenerator ? $"half-life {EmaHalfLifeImages:0} images" : "off")}, augment {DiffAugment.Describe(Augment)}, D lr x{DiscriminatorLearningRateScale:0.##}, real label {RealLabel:0.##}{(R1Gamma > 0 ? $", R1 gamma {R1Gamma:G3}" : "")}");
}
