using System.Net.Sockets;
using System.Text;

namespace DcganSharp.Tests.Support;

/// <summary>What <see cref="LoopbackHttpServer"/> does for one path: the failure modes a real mirror shows.</summary>
internal sealed class LoopbackResponse
{
    private enum Kind { Body, Status, Drop, Stall }

    private readonly Kind _kind;
    private readonly byte[] _body;
    private readonly int _status;
    private readonly int _sendBytes;

    private LoopbackResponse(Kind kind, byte[] body, int status, int sendBytes)
    {
        _kind = kind;
        _body = body;
        _status = status;
        _sendBytes = sendBytes;
    }

    /// <summary>200 with the whole body.</summary>
    public static LoopbackResponse Ok(byte[] body) => new(Kind.Body, body, 200, body.Length);

    /// <summary>An HTTP error status with an empty body.</summary>
    public static LoopbackResponse Status(int code) => new(Kind.Status, [], code, 0);

    /// <summary>Announces the whole body, sends <paramref name="sendBytes"/> of it, then closes the connection.</summary>
    public static LoopbackResponse Drop(byte[] body, int sendBytes) => new(Kind.Drop, body, 200, sendBytes);

    /// <summary>Accepts the request and never answers (until the server is disposed).</summary>
    public static LoopbackResponse Stall() => new(Kind.Stall, [], 0, 0);

    public async Task WriteAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (_kind == Kind.Stall)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return;
        }

        var reason = _status switch { 200 => "OK", 404 => "Not Found", 500 => "Internal Server Error", _ => "Error" };
        var header = $"HTTP/1.1 {_status} {reason}\r\nContent-Length: {_body.Length}\r\n" +
                     "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(header), cancellationToken);
        await stream.WriteAsync(_body.AsMemory(0, _sendBytes), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
