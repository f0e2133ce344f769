namespace DcganSharp;

/// <summary>Which differentiable augmentations (DiffAugment, Zhao et al. 2020) everything D sees gets (`--augment`).</summary>
[Flags]
public enum Augmentations
{
    /// <summary>No augmentation.</summary>
    None = 0,

    /// <summary>Random brightness, saturation (colour images only) and contrast per image.</summary>
    Color = 1,

    /// <summary>A random shift of up to an eighth of the image side, the uncovered border zero (mid-grey).</summary>
    Translation = 2,

    /// <summary>A random square of half the image side set to zero.</summary>
    Cutout = 4,

    /// <summary>All three.</summary>
    All = Color | Translation | Cutout,
}
