using System.Runtime.ExceptionServices;

namespace DcganSharp.Data;

/// <summary>
/// One batch as a worker left it for the consumer: the images (null when fewer than two could
/// be read, or the work was abandoned), the images that were skipped and why, or the exception
/// that stopped the work, to be rethrown on the consumer's thread.
/// </summary>
internal sealed record BuiltBatch(Batch? Batch, IReadOnlyList<(int Index, string Reason)> Skipped, ExceptionDispatchInfo? Error = null)
{
    public static BuiltBatch Abandoned { get; } = new(null, []);

    public static BuiltBatch Failed(Exception e) => new(null, [], ExceptionDispatchInfo.Capture(e));
}
