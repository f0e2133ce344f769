namespace DcganSharp.Serve.Generation;

/// <summary>Every worker is busy and the wait queue is full (or the server is stopping): the request is refused at once.</summary>
internal sealed class QueueFullException(string message) : Exception(message);
