namespace DcganSharp.Evaluation;

/// <summary>
/// Where the ImageNet-trained ResNet18 of NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18
/// lies: that package's build step copies its two ONNX files into DnnImageModels/ beside every
/// program built with this library (the dcgan tool, the tests, a consumer's app), so the judge
/// works offline with nothing downloaded at run time.
/// </summary>
internal static class ResNet18Model
{
    /// <summary>The package that ships the model, as its users should reference it.</summary>
    public const string Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0";

    /// <summary>The folder the package's build step copies the models into, under the program's folder.</summary>
    public const string FolderName = "DnnImageModels";

    /// <summary>The network: 224x224 BGR minus the mean image in, 512 pooled features out.</summary>
    public static string NetworkPath(string? folder = null) => Path.Combine(folder ?? DefaultFolder, "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The package's preprocessing: RGB to BGR, minus its 224x224 mean image.</summary>
    public static string PreprocessPath(string? folder = null) => Path.Combine(folder ?? DefaultFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>DnnImageModels/ beside the program.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>Throws a <see cref="DcganException"/> naming the missing file and the fix when either model file is absent.</summary>
    public static void CheckPresent(string? folder = null)
    {
        foreach (var path in new[] { NetworkPath(folder), PreprocessPath(folder) })
        {
            if (!File.Exists(path))
                throw new DcganException($"the ResNet18 judge's model '{path}' is missing; it comes with NuGet package {Package} (reference it, or rebuild this program), or measure with another feature network");
        }
    }
}
