using System.Globalization;
using System.Threading.RateLimiting;
using DcganSharp.Serve.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace DcganSharp.Serve.Security;

/// <summary>
/// The API's rate limit: at most N requests per minute from each client IP address (a sliding
/// window of six 10-second segments), refused with 429, {"error": ...} and Retry-After. The
/// address is the connection's: X-Forwarded-For is not trusted, as any client could set it.
/// </summary>
internal static class ClientRateLimiting
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    const int Segments = 6;

    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services, int perMinute) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(ApiEndpoints.RateLimitPolicy, context => perMinute == 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetSlidingWindowLimiter(ClientKey(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = Window,
                    SegmentsPerWindow = Segments,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = (rejected, _) =>
            {
                // A sliding window frees permits segment by segment; without a hint, one segment is the wait.
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window / Segments;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ErrorResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"too many requests from this address: at most {perMinute} per minute; try again in {seconds} s"));
            };
        });

    static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
}
