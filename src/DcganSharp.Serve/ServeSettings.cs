namespace DcganSharp.Serve;

/// <summary>How `dcgan serve` listens and how much work it accepts at once.</summary>
internal sealed record ServeSettings
{
    public const int DefaultPort = 5123;

    /// <summary>Loopback only: nothing outside this machine can reach the server unless --urls says so.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5123";

    /// <summary>The largest request body accepted; every valid request is far smaller.</summary>
    public const int MaxBodyBytes = 4096;

    /// <summary>The most of a refused body the server still reads (and discards) to keep the connection usable.</summary>
    public const int DrainedBodyBytes = 64 * 1024;

    /// <summary>Images per /api/generate request, as one forward pass (the reference's batch size).</summary>
    public const int MaxCount = 64;

    public const int MinSteps = 2;

    public const int MaxSteps = 32;

    public const int MaxConcurrencyLimit = 32;

    public const int MaxQueueLimit = 10_000;

    public const int MaxRateLimit = 1_000_000;

    /// <summary>Addresses to listen on (http:// only), as ASP.NET Core's --urls: one or more, separated by ';'.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrls];

    /// <summary>Generations that may run at the same time, each on its own copy of the generator.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Requests that may wait for a free worker; beyond that the server answers 503 at once.</summary>
    public int QueueLimit { get; init; } = 32;

    /// <summary>API requests per minute per client IP address; 0 turns rate limiting off.</summary>
    public int RateLimitPerMinute { get; init; } = 120;

    /// <summary>Runs on the worker thread before each generation; lets tests hold workers busy.</summary>
    internal Action? BeforeGeneration { get; init; }

    /// <summary>Throws a usage <see cref="DcganException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (MaxConcurrency is < 1 or > MaxConcurrencyLimit)
            throw DcganException.Usage($"--max-concurrency must be 1 to {MaxConcurrencyLimit}, got {MaxConcurrency}");
        if (QueueLimit is < 0 or > MaxQueueLimit)
            throw DcganException.Usage($"--queue-limit must be 0 to {MaxQueueLimit}, got {QueueLimit}");
        if (RateLimitPerMinute is < 0 or > MaxRateLimit)
            throw DcganException.Usage($"--rate-limit must be 0 (off) to {MaxRateLimit} requests per minute, got {RateLimitPerMinute}");
        ListenAddresses.Parse(Urls);
    }
}
