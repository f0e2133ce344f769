using DcganSharp.Serve.Generation;
using DcganSharp.Serve.Info;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace DcganSharp.Serve;

/// <summary>A started server: where it listens, its queue (for tests and the bench), and how to stop it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    readonly WebApplication app;

    internal RunningServer(WebApplication app, GenerationQueue queue, ModelInfo info)
    {
        this.app = app;
        Queue = queue;
        Info = info;
        // After start-up Kestrel reports the ports it actually bound (port 0 becomes a real one).
        Addresses = [.. app.Urls];
    }

    /// <summary>The addresses listened on, with real port numbers, e.g. http://127.0.0.1:41234.</summary>
    public IReadOnlyList<string> Addresses { get; }

    public Uri BaseAddress => new(Addresses[0]);

    public GenerationQueue Queue { get; }

    public ModelInfo Info { get; }

    /// <summary>Completes when the server stops: Ctrl+C or SIGTERM when it handles signals, else <see cref="StopAsync"/>.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => app.WaitForShutdownAsync(cancellation);

    public Task StopAsync() => app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Queue.Dispose();
    }
}
