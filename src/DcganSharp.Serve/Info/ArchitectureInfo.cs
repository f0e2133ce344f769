using System.Text.Json.Serialization;

namespace DcganSharp.Serve.Info;

/// <summary>The generator's shape, with pytorch/examples' names for the latent size and feature width.</summary>
internal sealed record ArchitectureInfo(
    int ImageSize,
    int Channels,
    [property: JsonPropertyName("nz")] int LatentSize,
    [property: JsonPropertyName("ngf")] int GeneratorFeatures);
