using System.Globalization;

namespace DcganSharp.Bench.Serve;

/// <summary>The bench's knobs, from NAME=VALUE arguments (all optional).</summary>
internal sealed record BenchOptions
{
    public int Requests { get; init; } = 2000;

    public int Concurrency { get; init; } = 16;

    /// <summary>The server's --max-concurrency.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The server's --queue-limit: above the client concurrency, so a correct server never answers 503.</summary>
    public int QueueLimit { get; init; } = 32;

    public int ImageSize { get; init; } = 32;

    public int Channels { get; init; } = 1;

    public int LatentSize { get; init; } = 100;

    public int Features { get; init; } = 32;

    /// <summary>The whole run stops issuing requests after this long (and fails).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most the server's resident memory may grow from after warm-up to the end, in MiB.</summary>
    public double MaxGrowthMiB { get; init; } = 100;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
                throw new ArgumentException($"expected NAME=NUMBER, got '{arg}'");
            options = parts[0] switch
            {
                "requests" => options with { Requests = (int)value },
                "concurrency" => options with { Concurrency = (int)value },
                "workers" => options with { Workers = (int)value },
                "queue" => options with { QueueLimit = (int)value },
                "size" => options with { ImageSize = (int)value },
                "nc" => options with { Channels = (int)value },
                "nz" => options with { LatentSize = (int)value },
                "ngf" => options with { Features = (int)value },
                "deadline" => options with { Deadline = TimeSpan.FromSeconds(value) },
                "max-growth" => options with { MaxGrowthMiB = value },
                _ => throw new ArgumentException($"unknown setting '{parts[0]}'"),
            };
        }
        return options;
    }
}
