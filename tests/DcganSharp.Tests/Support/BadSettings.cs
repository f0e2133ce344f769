using Xunit;
using O = DcganSharp.DcganOptions;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Values outside the declared rule of every <see cref="DcganOptions"/> setting that has one (and
/// some inside other rules): `dcgan train` must refuse each as a usage error naming its flag, and
/// <see cref="Dcgan.Train"/> as an <see cref="ArgumentException"/> naming its property.
/// </summary>
public static class BadSettings
{
    public static TheoryData<string, object> Values() => new()
    {
        { nameof(O.BatchSize), 0 }, { nameof(O.BatchSize), 1 }, { nameof(O.BatchSize), 100_000_000 },
        { nameof(O.ImageSize), 36 }, { nameof(O.ImageSize), -64 }, { nameof(O.ImageSize), 1024 }, { nameof(O.ImageSize), 0 },
        { nameof(O.LatentSize), 0 }, { nameof(O.LatentSize), 1_000_000 },
        { nameof(O.GeneratorFeatures), -1 }, { nameof(O.GeneratorFeatures), 100_000 },
        { nameof(O.DiscriminatorFeatures), 0 },
        { nameof(O.Epochs), 0 }, { nameof(O.Epochs), -3 }, { nameof(O.Epochs), 10_000_000 },
        { nameof(O.LearningRate), -0.1 }, { nameof(O.LearningRate), double.NaN }, { nameof(O.LearningRate), 1e9 }, { nameof(O.LearningRate), 0.0 },
        { nameof(O.Beta1), 1.5 }, { nameof(O.Beta1), -0.5 }, { nameof(O.Beta2), 1.0 },
        { nameof(O.Workers), -2 }, { nameof(O.Workers), 100_000 },
        { nameof(O.Channels), 2 },
        { nameof(O.CelebaCrop), 5 },
        { nameof(O.Seed), -5 },
        { nameof(O.DeviceIndex), -1 },
        { nameof(O.SampleEvery), 0 },
        { nameof(O.FakeCount), 1 },
        { nameof(O.SaveEvery), -1 },
        { nameof(O.Keep), 0 },
        { nameof(O.CollapsePatience), 0 },
        { nameof(O.CollapseMargin), 0.0 }, { nameof(O.CollapseMargin), 2.0 },
        { nameof(O.MaxRollbacks), -1 },
        { nameof(O.EvalEvery), -1 },
        { nameof(O.EvalSamples), 5 },
        { nameof(O.EvalRealCount), 1 },
        { nameof(O.EmaHalfLife), -1.0 },
        { nameof(O.DiscriminatorLearningRate), 0.0 },
        { nameof(O.LabelSmoothing), 0.7 },
        { nameof(O.R1Gamma), -1.0 },
        { nameof(O.OnDiverge), (DivergencePolicy)7 },
        { nameof(O.Recipe), (RecipeName)7 },
        { nameof(O.Augment), (Augmentations)64 },
    };

    /// <summary>A value as the command line writes it.</summary>
    public static string Text(object value) => value switch
    {
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
