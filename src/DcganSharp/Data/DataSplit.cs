namespace DcganSharp.Data;

/// <summary>Which published part of a dataset to use (--split). Train, Valid and Test carry CelebA's partition numbers (0, 1, 2).</summary>
internal enum DataSplit
{
    Train = 0,
    Valid = 1,
    Test = 2,
    All,
}

/// <summary>Parsing and naming of <see cref="DataSplit"/>.</summary>
internal static class DataSplits
{
    /// <summary>train | valid (val, validation) | test | all; anything else is a usage error.</summary>
    public static DataSplit Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "train" => DataSplit.Train,
        "valid" or "val" or "validation" => DataSplit.Valid,
        "test" => DataSplit.Test,
        "all" => DataSplit.All,
        _ => throw DcganException.Usage($"--split '{name}' is not one of train, valid, test, all"),
    };

    public static string Name(DataSplit split) => split.ToString().ToLowerInvariant();
}
