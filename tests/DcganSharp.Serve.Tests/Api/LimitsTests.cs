using System.Diagnostics;
using System.Net;
using DcganSharp.Serve.Generation;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>The rate limit per client (429) and the generation queue's bounds: concurrency (counted in flight) and waiting (503).</summary>
public sealed class LimitsTests
{
    /// <summary>Waits for the server's progress; fails only when it never comes.</summary>
    static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience.Hang, $"waited {clock.Elapsed} until {what}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_client_over_the_rate_limit_gets_429_with_retry_after_while_health_and_page_stay_up()
    {
        await using var server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 3 });

        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Client.GetAsync("/api/info");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await server.PostJsonAsync("/api/generate", """{"count": 1}""");
        var message = await ApiAssert.Error(limited, (HttpStatusCode)429);

        Assert.Contains("at most 3 per minute", message);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(0, server.Server.Queue.Statistics.Completed);
        using (var again = await server.Client.GetAsync("/api/info"))
            await ApiAssert.Error(again, (HttpStatusCode)429);
        using (var health = await server.Client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var page = await server.Client.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("", server.Log);
    }

    [Fact]
    public async Task No_more_generations_run_at_once_than_max_concurrency()
    {
        // The first generation to start waits until a second one runs beside it, so the bound is
        // reached however the requests happen to arrive (on a busy machine they may come one by one);
        // the wait is bounded, so a server that never runs two at once fails below rather than hangs.
        // Each generation also holds its worker a little, so unbounded concurrency would show.
        var started = 0;
        using var secondStarted = new ManualResetEventSlim();
        await using var server = await LocalServer.StartAsync(new ServeSettings
        {
            MaxConcurrency = 2,
            QueueLimit = 100,
            RateLimitPerMinute = 0,
            BeforeGeneration = () =>
            {
                var number = Interlocked.Increment(ref started);
                if (number == 1)
                    secondStarted.Wait(Patience.Hang);
                else if (number == 2)
                    secondStarted.Set();
                Thread.Sleep(50);
            },
        });

        var requests = Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = i % 2 == 0
                ? await server.PostJsonAsync("/api/generate", $$"""{"seed": {{i}}, "count": 2}""")
                : await server.PostJsonAsync("/api/interpolate", $$"""{"from": {"seed": {{i}}}, "to": {"seed": 1}, "steps": 3}""");
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(requests);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var statistics = server.Server.Queue.Statistics;
        Assert.Equal(40, statistics.Completed);
        Assert.Equal(0, statistics.Refused);
        // The bound held, and was reached: both workers did run side by side.
        Assert.Equal(2, statistics.MaxRunning);
        Assert.Equal(0, statistics.Running);
        Assert.Equal(0, statistics.Waiting);
        Assert.Equal("", server.Log);
    }

    [Fact]
    public async Task When_workers_and_wait_queue_are_full_a_request_gets_503_at_once()
    {
        using var gate = new SemaphoreSlim(0);
        await using var server = await LocalServer.StartAsync(new ServeSettings
        {
            MaxConcurrency = 1,
            QueueLimit = 2,
            RateLimitPerMinute = 0,
            BeforeGeneration = () => gate.Wait(Patience.Hang),
        });
        var queue = server.Server.Queue;

        var first = server.PostJsonAsync("/api/generate", """{"seed": 1, "count": 1}""");
        await WaitUntil(() => queue.Statistics.Running == 1, "the first request runs");
        var waiting = new[] { 2, 3 }.Select(seed => server.PostJsonAsync("/api/generate", $$"""{"seed": {{seed}}, "count": 1}""")).ToList();
        await WaitUntil(() => queue.Statistics.Waiting == 2, "two requests wait");

        using (var refused = await server.PostJsonAsync("/api/generate", """{"seed": 4, "count": 1}"""))
        {
            Assert.Contains("busy", await ApiAssert.Error(refused, HttpStatusCode.ServiceUnavailable));
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }
        // At once: the refusal came while the gate still held the worker, so it waited for no place
        // to free up (judged by what the queue did, not by a clock a busy machine would slow down).
        Assert.Equal(new QueueStatistics(Running: 1, Waiting: 2, MaxRunning: 1, Completed: 0, Refused: 1), queue.Statistics);

        gate.Release(3);
        foreach (var accepted in waiting.Prepend(first))
        {
            using var response = await accepted;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(1, queue.Statistics.MaxRunning);
        Assert.Equal(3, queue.Statistics.Completed);
        Assert.Equal("", server.Log);
    }
}
