using System.Text.Json;

namespace DcganSharp.Serve.Api;

/// <summary>POST /api/generate: {"seed": S (optional), "count": 1..64 (16), "format": "png" | "json" ("png")}.</summary>
internal sealed record GenerateRequest(long Seed, int Count, string Format)
{
    public const int DefaultCount = 16;

    public static GenerateRequest Parse(JsonElement body)
    {
        var fields = JsonFields.Of(body, "seed", "count", "format");
        var seed = fields.Integer("seed", 0, Seeds.Max) ?? Seeds.Random();
        var count = (int)fields.Integer("count", 1, ServeSettings.MaxCount, DefaultCount)!.Value;
        var format = fields.Choice("format", "png", "png", "json");
        return new GenerateRequest(seed, count, format);
    }
}
