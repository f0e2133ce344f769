namespace DcganSharp.Serve.Api;

/// <summary>POST /api/generate with "format": "json": each image with the code that makes it.</summary>
/// <param name="Reproduce">The command that writes the same grid.</param>
internal sealed record GenerateResponse(long Seed, int Count, int ImageSize, int Channels, IReadOnlyList<GeneratedImage> Images, string Reproduce);

/// <summary>Image <see cref="Index"/> of seed <see cref="Seed"/>: code Index of `dcgan sample --seed Seed`, as a base64 PNG.</summary>
internal sealed record GeneratedImage(long Seed, int Index, string Png);
