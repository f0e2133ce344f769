namespace DcganSharp.Serve.Generation;

/// <summary>One latent code by name: code <see cref="Index"/> of `dcgan sample --seed <see cref="Seed"/>`.</summary>
internal sealed record LatentPoint(long Seed, int Index);
