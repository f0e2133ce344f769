using DcganSharp.Models;

namespace DcganSharp.Generation;

/// <summary>
/// Values the user states instead of letting them be inferred (--image-size, --nc, --nz, --ngf).
/// A stated value that contradicts the weights fails when they are loaded, naming the tensor.
/// </summary>
internal sealed record ArchitectureOverrides(int? ImageSize = null, int? Channels = null, int? LatentSize = null, int? GeneratorFeatures = null)
{
    public static ArchitectureOverrides None { get; } = new();

    public DcganArchitecture ApplyTo(DcganArchitecture inferred)
    {
        var result = inferred with
        {
            ImageSize = ImageSize ?? inferred.ImageSize,
            Channels = Channels ?? inferred.Channels,
            LatentSize = LatentSize ?? inferred.LatentSize,
            GeneratorFeatures = GeneratorFeatures ?? inferred.GeneratorFeatures,
        };
        try
        {
            result.Validate();
        }
        catch (ArgumentException e)
        {
            throw DcganException.Usage(e.Message);
        }
        return result;
    }
}
