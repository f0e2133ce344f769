using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DcganSharp.Models;
using DcganSharp.Training;

namespace DcganSharp.Checkpoints;

/// <summary>
/// The settings a run was trained with, stored in its checkpoints as JSON: its options record as
/// it is (<see cref="StoredSettings"/>), the recipe it trains with and what its data was.
/// </summary>
internal sealed record CheckpointConfig
{
    public required DcganOptions Options { get; init; }

    /// <summary>How the run trains (generator average, augmentation, D's rate after rollbacks); null in checkpoints written before recipes, which trained as <see cref="TrainingRecipe.Reference"/>.</summary>
    public TrainingRecipe? Recipe { get; init; }

    public string DatasetDescription { get; init; } = "";

    /// <summary>The classes of a conditional run, in label order (label i is ClassNames[i]); null for an unconditional run.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The networks the run trains (its options hold the channels its data had).</summary>
    [JsonIgnore]
    public DcganArchitecture Architecture => new(Options.ImageSize, Options.Channels ?? 3, Options.LatentSize, Options.GeneratorFeatures, Options.DiscriminatorFeatures!.Value,
        ClassNames?.Count ?? 0);

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new SpelledEnumConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CheckpointConfig FromJson(string json)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty configuration");
        if (!node.ContainsKey("options"))
            node = FromFirstFormat(node);
        return node.Deserialize<CheckpointConfig>(Json) ?? throw new JsonException("empty configuration");
    }

    /// <summary>
    /// Checkpoints of format 1 kept the same settings under the same names, spread over the top
    /// level, "architecture" and "run": gathered, they are the options record.
    /// </summary>
    static JsonObject FromFirstFormat(JsonObject old)
    {
        var options = new JsonObject();
        foreach (var part in new[] { old, old["architecture"] as JsonObject, old["run"] as JsonObject })
        {
            foreach (var (name, value) in part ?? [])
            {
                if (name is not ("architecture" or "run" or "recipe" or "datasetDescription"))
                    options[name] = value?.DeepClone();
            }
        }
        return new JsonObject
        {
            ["options"] = options,
            ["recipe"] = old["recipe"]?.DeepClone(),
            ["datasetDescription"] = old["datasetDescription"]?.DeepClone(),
        };
    }
}
