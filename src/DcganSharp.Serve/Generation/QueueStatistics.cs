namespace DcganSharp.Serve.Generation;

/// <summary>A snapshot of the <see cref="GenerationQueue"/>'s counters.</summary>
/// <param name="Running">Generations running now.</param>
/// <param name="Waiting">Accepted requests not yet picked up by a worker.</param>
/// <param name="MaxRunning">The most generations that ever ran at the same time.</param>
/// <param name="Completed">Generations finished (successfully or not).</param>
/// <param name="Refused">Requests turned away because the queue was full.</param>
internal sealed record QueueStatistics(int Running, int Waiting, int MaxRunning, long Completed, long Refused);
