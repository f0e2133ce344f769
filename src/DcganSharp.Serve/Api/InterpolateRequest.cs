using System.Text.Json;
using DcganSharp.Generation;
using DcganSharp.Serve.Generation;

namespace DcganSharp.Serve.Api;

/// <summary>
/// POST /api/interpolate: {"from": {"seed": S, "index": i (0)}, "to": {...}, "steps": 2..32 (16),
/// "method": "slerp" | "lerp" ("slerp"), "format": "png" | "json" ("png")}. Code i of seed S is
/// image i of `dcgan sample --seed S`. A conditional generator's walk stays in "class" (a class
/// number; optional: the first class).
/// </summary>
internal sealed record InterpolateRequest(LatentPoint From, LatentPoint To, int Steps, InterpolationMethod Method, string Format, int? Class = null)
{
    public const int DefaultSteps = 16;

    /// <summary>The largest image index an endpoint may name; reaching it walks the seed's stream a chunk of 64 codes at a time.</summary>
    public const int MaxIndex = 1023;

    /// <param name="classes">The served generator's class names (none when unconditional).</param>
    public static InterpolateRequest Parse(JsonElement body, IReadOnlyList<string> classes)
    {
        var fields = JsonFields.Of(body, "from", "to", "steps", "method", "format", "class");
        var from = Point(fields.Object("from", required: true, "seed", "index")!);
        var to = Point(fields.Object("to", required: true, "seed", "index")!);
        var steps = (int)fields.Integer("steps", ServeSettings.MinSteps, ServeSettings.MaxSteps, DefaultSteps)!.Value;
        var method = fields.Choice("method", "slerp", "slerp", "lerp") == "lerp" ? InterpolationMethod.Linear : InterpolationMethod.Spherical;
        var format = fields.Choice("format", "png", "png", "json");
        return new InterpolateRequest(from, to, steps, method, format, ClassField.Read(fields, classes));
    }

    static LatentPoint Point(JsonFields point)
    {
        var seed = point.Integer("seed", 0, Seeds.Max) ?? throw ApiException.BadRequest(point.Missing("seed"));
        return new LatentPoint(seed, (int)point.Integer("index", 0, MaxIndex, 0)!.Value);
    }
}
