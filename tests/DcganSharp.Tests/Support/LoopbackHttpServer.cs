using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DcganSharp.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for downloader tests: one request per connection,
/// canned responses by path, 404 for anything else. Bounded in requests served and in time per
/// connection, and it listens on loopback only.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyDictionary<string, LoopbackResponse> _routes;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _acceptLoop;

    public LoopbackHttpServer(IReadOnlyDictionary<string, LoopbackResponse> routes, int maxRequests = 32)
    {
        _routes = routes;
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync(maxRequests);
    }

    public Uri BaseUri { get; }

    /// <summary>Paths requested so far, in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public Uri Url(string path) => new(BaseUri, path);

    /// <summary>A loopback URL nobody listens on: connections are refused at once.</summary>
    public static Uri ClosedPortUrl() => new($"http://127.0.0.1:{((IPEndPoint)BoundNotListening.Value.LocalEndPoint!).Port}/");

    // A port freed after probing could be handed straight to the next program that asks for one
    // (another test's server, in this process or the other test assembly's): a socket bound to it
    // that never listens keeps it taken for the whole test run, and still refuses every connection.
    private static readonly Lazy<Socket> BoundNotListening = new(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    });

    private async Task AcceptAsync(int maxRequests)
    {
        for (var i = 0; i < maxRequests; i++)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(Patience.Hang);
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(limit.Token) ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(limit.Token)))
                {
                }
                var parts = requestLine.Split(' ');
                var path = parts.Length > 1 ? parts[1] : "";
                _requests.Enqueue(path);
                var response = _routes.GetValueOrDefault(path) ?? LoopbackResponse.Status(404);
                await response.WriteAsync(stream, limit.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up or the test ended; nothing to report from the server side.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
