namespace DcganSharp.Checkpoints;

/// <summary>A checkpoint file that exists but cannot be trusted: truncated, corrupt or altered.</summary>
internal sealed class CheckpointDamagedException(string path, string reason)
    : DcganException($"checkpoint '{path}' is damaged: {reason}")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
