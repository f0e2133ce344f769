using Xunit;

namespace DcganSharp.Serve.Tests.Support;

/// <summary>One server for a whole test class (rate limiting off, so the class's own requests never hit it).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    LocalServer? server;

    internal LocalServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 });

    public async Task DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
    }
}
