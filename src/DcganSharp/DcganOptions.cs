using DcganSharp.Training;

namespace DcganSharp;

/// <summary>What <see cref="Dcgan.Train"/> trains on.</summary>
public enum DatasetKind
{
    /// <summary>MNIST digits (IDX files under <see cref="DcganOptions.DataRoot"/>, downloaded when missing).</summary>
    Mnist,

    /// <summary>Fashion-MNIST (IDX files, downloaded when missing).</summary>
    FashionMnist,

    /// <summary>CIFAR-10 (its python archive, downloaded when missing).</summary>
    Cifar10,

    /// <summary>CelebA: <see cref="DcganOptions.DataRoot"/> holds img_align_celeba.</summary>
    CelebA,

    /// <summary>Any folder of images (JPEG, PNG, WebP, ...), searched recursively.</summary>
    Folder,

    /// <summary>Random images; no files needed (for trying the library out).</summary>
    Fake,
}

/// <summary>Where the networks run.</summary>
public enum ComputeTarget
{
    /// <summary>A CUDA GPU when one is usable, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; training fails when none is usable.</summary>
    Cuda,
}

/// <summary>What training does when it diverges (a NaN loss, or D winning outright for a long time).</summary>
public enum DivergencePolicy
{
    /// <summary>Stop with an error; the last checkpoint is kept.</summary>
    Stop,

    /// <summary>Go back to the last good epoch and continue with fresh noise.</summary>
    Rollback,

    /// <summary>Keep training.</summary>
    Ignore,
}

/// <summary>
/// How to train a DCGAN from code: typed settings with the command line's defaults (those of
/// pytorch/examples/dcgan, plus the quality recipe). Only <see cref="Dataset"/> (and, for files on
/// disk, <see cref="DataRoot"/>) must be set.
/// </summary>
public sealed record DcganOptions
{
    /// <summary>The training images.</summary>
    public required DatasetKind Dataset { get; init; }

    /// <summary>Where the dataset's files are (or are downloaded to); not used for <see cref="DatasetKind.Fake"/>.</summary>
    public string? DataRoot { get; init; }

    /// <summary>
    /// Folder for checkpoints, sample grids and weights (netG_epoch_N.pth, ...); null: a new folder
    /// under the system's temporary folder, named in <see cref="TrainedGenerator.RunFolder"/>.
    /// </summary>
    public string? OutputFolder { get; init; }

    /// <summary>Replace an earlier run in <see cref="OutputFolder"/> instead of refusing to.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Side of the square images the networks see (16 to 256, e.g. 28, 32, 64).</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>1 (grayscale) or 3 (colour); null: the dataset's own.</summary>
    public int? Channels { get; init; }

    /// <summary>Images per step; null: the recipe's (32 for quality, 64 for reference).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>nz: length of the latent code.</summary>
    public int LatentSize { get; init; } = 100;

    /// <summary>ngf: the generator's feature width.</summary>
    public int GeneratorFeatures { get; init; } = 64;

    /// <summary>ndf: the discriminator's feature width; null: the recipe's (64 for reference, 32 for quality).</summary>
    public int? DiscriminatorFeatures { get; init; }

    /// <summary>Adam's learning rate (G's, and D's unless <see cref="DiscriminatorLearningRate"/> is set); null: the recipe's (0.0002 for reference).</summary>
    public double? LearningRate { get; init; }

    /// <summary>D's own learning rate (two time-scale update rule); null: <see cref="LearningRate"/>.</summary>
    public double? DiscriminatorLearningRate { get; init; }

    /// <summary>Adam's beta1.</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Quality (an averaged generator; the default) or Reference (pytorch/examples exactly).</summary>
    public RecipeName Recipe { get; init; } = RecipeName.Quality;

    /// <summary>Random seed; null: a random one (reported in <see cref="TrainedGenerator.Seed"/>).</summary>
    public int? Seed { get; init; }

    /// <summary>Where to train.</summary>
    public ComputeTarget Device { get; init; } = ComputeTarget.Auto;

    /// <summary>Images in the <see cref="DatasetKind.Fake"/> dataset.</summary>
    public int FakeCount { get; init; } = 1000;

    /// <summary>Download MNIST, Fashion-MNIST or CIFAR-10 when their files are missing.</summary>
    public bool Download { get; init; } = true;

    /// <summary>What to do when training diverges.</summary>
    public DivergencePolicy OnDiverge { get; init; } = DivergencePolicy.Stop;

    /// <summary>Threads decoding batches ahead of training (0: on the training thread).</summary>
    public int Workers { get; init; } = 2;
}
