using System.Globalization;

namespace DcganSharp.Bench.Serve;

/// <summary>
/// What the load is made of, in a fixed rotation of ten: what a page in use sends (small JSON grids,
/// walks between picked images, grid downloads) plus the cheap info call.
/// </summary>
internal static class RequestMix
{
    public sealed record Request(string Kind, HttpMethod Method, string Path, string? Body);

    public static Request For(long i)
    {
        var seed = (i * 7919 % 100_000).ToString(CultureInfo.InvariantCulture);
        return (i % 10) switch
        {
            0 or 1 or 2 or 3 => new("generate json x4", HttpMethod.Post, "/api/generate", $$"""{"seed": {{seed}}, "count": 4, "format": "json"}"""),
            4 or 5 => new("generate png x16", HttpMethod.Post, "/api/generate", $$"""{"seed": {{seed}}, "count": 16}"""),
            6 or 7 or 8 => new("interpolate json x8", HttpMethod.Post, "/api/interpolate", $$"""{"from": {"seed": {{seed}}, "index": 1}, "to": {"seed": 3}, "steps": 8, "format": "json"}"""),
            _ => new("info", HttpMethod.Get, "/api/info", null),
        };
    }
}
