using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DcganSharp.Bench.Serve;
using DcganSharp.Interop;
using DcganSharp.Models;
using static TorchSharp.torch;

// Load test of `dcgan serve` (by hand, not in CI): a real server process on 127.0.0.1, a bounded
// number of requests from a fixed number of concurrent clients, latency percentiles, throughput,
// errors (any non-2xx counts, 429 and 503 included) and the server's resident memory before/after.
var options = BenchOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
var folder = Directory.CreateTempSubdirectory("dcgan-serve-bench-").FullName;
try
{
    // An untrained generator of the requested shape: the server's work does not depend on the weights' values.
    var architecture = new DcganArchitecture(options.ImageSize, options.Channels, options.LatentSize, options.Features, options.Features);
    manual_seed(1);
    using (var generator = WeightInit.Apply(new DcganGenerator(architecture)))
        StateDictFile.Save(generator, Path.Combine(folder, "netG.pth"));

    using var server = ServerProcess.Start("serve", Path.Combine(folder, "netG.pth"), "--urls", "http://127.0.0.1:0", "--device", "cpu",
        "--rate-limit", "0", "--max-concurrency", options.Workers.ToString(culture), "--queue-limit", options.QueueLimit.ToString(culture));
    Console.WriteLine($"server: pid {server.Id} at {server.Address}, generator {architecture}, --max-concurrency {options.Workers} --queue-limit {options.QueueLimit} --rate-limit 0");
    Console.WriteLine($"load: {options.Requests} requests from {options.Concurrency} concurrent clients, at most {options.Deadline.TotalSeconds:F0} s; mix of 10: 4x generate json (4 images), 2x generate png (16), 3x interpolate json (8 steps), 1x info");

    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };

    // Warm-up: JIT, libtorch's first calls, connection pool; then the memory baseline.
    var warmUp = await Run(client, 50, Math.Min(4, options.Concurrency), TimeSpan.FromMinutes(5), offset: 1_000_000);
    if (warmUp.Errors.Count > 0)
        throw new InvalidOperationException($"warm-up failed: {string.Join(", ", warmUp.Errors.Select(e => $"{e.Key} x{e.Value}"))}\n{server.Output}");
    await Task.Delay(1000);
    var before = server.ResidentMiB();

    var load = await Run(client, options.Requests, options.Concurrency, options.Deadline, offset: 0);
    var after = server.ResidentMiB();
    await Task.Delay(2000);
    var settled = server.ResidentMiB();
    var exitCode = server.Stop();

    Console.WriteLine();
    Console.WriteLine($"completed: {load.Samples.Count} of {options.Requests} requests in {load.Wall.TotalSeconds:F1} s{(load.TimedOut ? " (deadline reached)" : "")}");
    Console.WriteLine($"throughput: {load.Samples.Count / load.Wall.TotalSeconds:F1} requests/s, {load.Samples.Sum(s => s.Images) / load.Wall.TotalSeconds:F0} images/s");
    Console.WriteLine($"errors: {(load.Errors.IsEmpty ? "none" : string.Join(", ", load.Errors.Select(e => $"{e.Key} x{e.Value}")))}");
    Console.WriteLine();
    Console.WriteLine($"{"latency (ms)",-22} {"n",6} {"p50",8} {"p90",8} {"p99",8} {"max",8}");
    Row("all", load.Samples.Select(s => s.Milliseconds).ToList());
    foreach (var kind in load.Samples.GroupBy(s => s.Kind).OrderBy(g => g.Key))
        Row(kind.Key, kind.Select(s => s.Milliseconds).ToList());
    Console.WriteLine();
    var growth = after - before;
    Console.WriteLine($"server RSS: {before:F0} MiB after warm-up, {after:F0} MiB after the load ({growth:+0;-0} MiB, bound +{options.MaxGrowthMiB:F0}), {settled:F0} MiB 2 s later");
    Console.WriteLine($"server exit on SIGTERM: {exitCode}");

    var failures = new List<string>();
    if (!load.Errors.IsEmpty)
        failures.Add("requests failed");
    if (load.TimedOut)
        failures.Add("the deadline was reached");
    if (growth > options.MaxGrowthMiB)
        failures.Add($"memory grew by {growth:F0} MiB");
    if (exitCode != 0)
        failures.Add($"the server exited with {exitCode}");
    Console.WriteLine(failures.Count == 0 ? "PASS" : $"FAIL: {string.Join("; ", failures)}");
    return failures.Count == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static void Row(string name, List<double> milliseconds)
{
    milliseconds.Sort();
    double At(double q) => milliseconds[Math.Clamp((int)Math.Ceiling(q * milliseconds.Count) - 1, 0, milliseconds.Count - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {milliseconds.Count,6} {At(0.5),8:F1} {At(0.9),8:F1} {At(0.99),8:F1} {milliseconds[^1],8:F1}"));
}

static async Task<LoadResult> Run(HttpClient client, int requests, int concurrency, TimeSpan deadline, long offset)
{
    var samples = new ConcurrentBag<Sample>();
    var errors = new ConcurrentDictionary<string, int>();
    var next = -1L;
    var timedOut = false;
    var clock = Stopwatch.StartNew();
    var clients = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (true)
        {
            var i = Interlocked.Increment(ref next);
            if (i >= requests)
                return;
            if (clock.Elapsed > deadline)
            {
                timedOut = true;
                return;
            }
            var request = RequestMix.For(i + offset);
            using var message = new HttpRequestMessage(request.Method, request.Path);
            if (request.Body is { } body)
                message.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(message);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.IsSuccessStatusCode)
                    samples.Add(new Sample(request.Kind, elapsed, Images(request.Kind)));
                else
                    errors.AddOrUpdate($"{request.Kind}: HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                errors.AddOrUpdate($"{request.Kind}: {e.GetType().Name}", 1, (_, n) => n + 1);
            }
        }
    })).ToList();
    await Task.WhenAll(clients);
    return new LoadResult([.. samples], errors, clock.Elapsed, timedOut);
}

static int Images(string kind) => kind switch
{
    "generate json x4" => 4,
    "generate png x16" => 16,
    "interpolate json x8" => 8,
    _ => 0,
};

internal sealed record Sample(string Kind, double Milliseconds, int Images);

internal sealed record LoadResult(IReadOnlyList<Sample> Samples, ConcurrentDictionary<string, int> Errors, TimeSpan Wall, bool TimedOut);
