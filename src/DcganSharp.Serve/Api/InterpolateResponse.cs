using DcganSharp.Serve.Generation;

namespace DcganSharp.Serve.Api;

/// <summary>POST /api/interpolate with "format": "json": the walk's frames in order, base64 PNGs, both ends included.</summary>
/// <param name="Method">"slerp" or "lerp", as requested.</param>
/// <param name="Reproduce">A `dcgan interpolate` command drawing the same walk, when one can name both codes; else null.</param>
internal sealed record InterpolateResponse(LatentPoint From, LatentPoint To, int Steps, string Method, IReadOnlyList<string> Frames, string? Reproduce);
