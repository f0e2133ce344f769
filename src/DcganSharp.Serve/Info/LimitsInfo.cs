namespace DcganSharp.Serve.Info;

/// <summary>The request limits, so the page offers only values the server accepts.</summary>
/// <param name="RateLimitPerMinute">API requests per minute per client; 0 when unlimited.</param>
internal sealed record LimitsInfo(int MaxCount, int MinSteps, int MaxSteps, int RateLimitPerMinute);
