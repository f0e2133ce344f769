namespace DcganSharp.Data;

/// <summary>
/// The published CIFAR-10 binary archive: its file name, MD5 (from the dataset page,
/// https://www.cs.toronto.edu/~kriz/cifar.html) and where to download it.
/// </summary>
internal sealed record Cifar10Archive(string FileName, string Md5, IReadOnlyList<Uri> Mirrors)
{
    /// <summary>The binary version, 170,052,171 bytes, as Alex Krizhevsky publishes it.</summary>
    public static Cifar10Archive Canonical { get; } = new(
        "cifar-10-binary.tar.gz",
        "c32a1d4ab5d03f1284b67883e8d87530",
        [new Uri("https://www.cs.toronto.edu/~kriz/")]);
}
