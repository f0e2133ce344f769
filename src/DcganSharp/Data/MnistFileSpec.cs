namespace DcganSharp.Data;

/// <summary>
/// One published file of an MNIST-family dataset. <paramref name="Name"/> is the uncompressed
/// name (e.g. "train-images-idx3-ubyte"); the mirrors serve <see cref="GzName"/>.
/// </summary>
/// <param name="GzMd5">MD5 of the published .gz file, checked after every download.</param>
/// <param name="RawMd5">
/// MD5 of the decompressed content. Kept separately because repackagers recompress the files
/// (Debian's dataset-fashion-mnist does), which changes the .gz checksum but not the data.
/// </param>
internal sealed record MnistFileSpec(string Name, string GzMd5, string RawMd5)
{
    public string GzName => Name + ".gz";
}
