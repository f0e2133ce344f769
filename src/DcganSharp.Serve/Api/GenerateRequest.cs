using System.Text.Json;

namespace DcganSharp.Serve.Api;

/// <summary>
/// POST /api/generate: {"seed": S (optional), "count": 1..64 (16), "format": "png" | "json" ("png"),
/// "class": a class number of a conditional generator (optional: every class in turn)}.
/// </summary>
internal sealed record GenerateRequest(long Seed, int Count, string Format, int? Class = null)
{
    public const int DefaultCount = 16;

    /// <param name="classes">The served generator's class names (none when unconditional).</param>
    public static GenerateRequest Parse(JsonElement body, IReadOnlyList<string> classes)
    {
        var fields = JsonFields.Of(body, "seed", "count", "format", "class");
        var seed = fields.Integer("seed", 0, Seeds.Max) ?? Seeds.Random();
        var count = (int)fields.Integer("count", 1, ServeSettings.MaxCount, DefaultCount)!.Value;
        var format = fields.Choice("format", "png", "png", "json");
        return new GenerateRequest(seed, count, format, ClassField.Read(fields, classes));
    }
}
