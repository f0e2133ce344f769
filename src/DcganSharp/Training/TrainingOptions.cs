namespace DcganSharp.Training;

/// <summary>
/// Everything `dcgan train` is told, with pytorch/examples' defaults. Property names follow the
/// reference's flags (niter, nz, ngf, ndf, outf, ...) in readable form.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>mnist | fashion-mnist | fake (more in later versions).</summary>
    public required string Dataset { get; init; }

    /// <summary>Where the dataset lives (or is downloaded to); not needed for fake.</summary>
    public string? DataRoot { get; init; }

    public int Workers { get; init; } = 2;

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
}
