namespace DcganSharp.Generation;

/// <summary>What `dcgan sample` writes: <see cref="Count"/> images from seed <see cref="Seed"/>'s codes.</summary>
/// <param name="GridPath">One PNG with all images, <see cref="ImagesPerRow"/> per row; null for none.</param>
/// <param name="OutputFolder">A folder for one PNG per image (sample_00000.png, ...); null for none.</param>
internal sealed record SampleRequest(long Count, long Seed, int BatchSize = 64, string? GridPath = null, string? OutputFolder = null, int ImagesPerRow = 8);
