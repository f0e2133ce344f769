using System.Text.Json;
using System.Text.Json.Serialization;
using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>What `dcgan evaluate --json FILE` writes: the inputs, the metrics and the sanity check.</summary>
internal sealed record EvaluationReport
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // NaN (precision/recall with too few samples) is written as the string "NaN" rather than failing.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The generator weights file, when samples were generated.</summary>
    public string? Generator { get; init; }

    /// <summary>The folder of images, when samples were read from one.</summary>
    public string? Images { get; init; }

    public long? Seed { get; init; }

    public string Dataset { get; init; } = "";

    public string Real { get; init; } = "";

    public long RealCount { get; init; }

    public string Features { get; init; } = "";

    /// <summary>What the FIDs in this report are called: "FID-ResNet18", "FID-LeNet", or "FID" (Inception-v3).</summary>
    public string Judge { get; init; } = "";

    public int ImageSize { get; init; }

    public QualityResult? Quality { get; init; }

    public SanityResult? Sanity { get; init; }

    /// <summary>With --class-accuracy: how often a conditional generator draws the class asked for.</summary>
    public ClassAccuracy? ClassAccuracy { get; init; }

    public DateTimeOffset CreatedUtc { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");
}
