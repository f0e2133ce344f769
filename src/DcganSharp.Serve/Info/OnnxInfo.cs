namespace DcganSharp.Serve.Info;

/// <summary>What GET /api/model.onnx gives: the served generator as ONNX, and which weights those are.</summary>
/// <param name="File">The name it downloads under.</param>
/// <param name="Source">The weights file it was made from.</param>
/// <param name="Weights">"average" (the generator's moving average), "trained" (the generator itself) or null when the file does not say.</param>
internal sealed record OnnxInfo(string Url, string File, long Bytes, long Opset, string Source, string? Weights);
