using System.Text.Json;
using System.Text.Json.Serialization;
using DcganSharp.Models;

namespace DcganSharp.Checkpoints;

/// <summary>The settings a run was trained with, stored in its checkpoints as JSON.</summary>
internal sealed record CheckpointConfig
{
    public required DcganArchitecture Architecture { get; init; }

    public required string Dataset { get; init; }

    public string? DataRoot { get; init; }

    public string DatasetDescription { get; init; } = "";

    /// <summary>Size of the fake dataset (it is part of the data, so a resumed run must keep it).</summary>
    public int FakeCount { get; init; } = 1000;

    /// <summary>--split, when one was given (absent: the dataset's default).</summary>
    public string? Split { get; init; }

    /// <summary>--celeba-crop, when one was given (absent: the default 108).</summary>
    public int? CelebaCrop { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required double Beta1 { get; init; }

    public required int Epochs { get; init; }

    public required int Seed { get; init; }

    /// <summary>How the run trains (generator average, augmentation, ...); null in checkpoints written before recipes, which trained as <see cref="Training.TrainingRecipe.Reference"/>.</summary>
    public Training.TrainingRecipe? Recipe { get; init; }

    /// <summary>The run's other settings; null in checkpoints written before they were stored (a resume then takes the flags given).</summary>
    public RunSettings? Run { get; init; }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CheckpointConfig FromJson(string json) =>
        JsonSerializer.Deserialize<CheckpointConfig>(json, Json) ?? throw new JsonException("empty configuration");
}
