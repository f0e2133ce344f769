namespace DcganSharp.Serve.Info;

/// <summary>A Fréchet Inception Distance measured during training, and the step it was measured at.</summary>
internal sealed record FidMeasurement(double Value, long GlobalStep);
