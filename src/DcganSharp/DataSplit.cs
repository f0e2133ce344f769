namespace DcganSharp;

/// <summary>
/// Which published part of CelebA or CIFAR-10 to train on (`--split`). Train, Valid and Test carry
/// CelebA's partition numbers (0, 1, 2).
/// </summary>
public enum DataSplit
{
    /// <summary>The training set.</summary>
    [Spelled("train")]
    Train = 0,

    /// <summary>CelebA's validation set (CIFAR-10 has none).</summary>
    [Spelled("valid", Also = ["val", "validation"])]
    Valid = 1,

    /// <summary>The test set.</summary>
    [Spelled("test")]
    Test = 2,

    /// <summary>Every image.</summary>
    [Spelled("all")]
    All,
}
