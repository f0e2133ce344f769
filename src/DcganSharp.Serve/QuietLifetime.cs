using Microsoft.Extensions.Hosting;

namespace DcganSharp.Serve;

/// <summary>A host lifetime that leaves the process's signals alone, for servers hosted inside another program (the tests).</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
