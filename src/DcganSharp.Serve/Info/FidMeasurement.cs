namespace DcganSharp.Serve.Info;

/// <summary>A Fréchet distance measured during training, the step it was measured at, and what it is called.</summary>
/// <param name="Judge">"FID-ResNet18", "FID-LeNet" or "FID" (Inception-v3); null in files from before runs named it.</param>
internal sealed record FidMeasurement(double Value, long GlobalStep, string? Judge = null);
