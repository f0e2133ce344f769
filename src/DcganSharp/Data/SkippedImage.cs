namespace DcganSharp.Data;

/// <summary>
/// An image the loader left out of its batch because it could not be read.
/// <paramref name="Name"/> is the dataset's name for it (a relative file path for folders);
/// <paramref name="FirstTime"/> is false when the same image was already reported in an earlier
/// epoch, so a consumer can warn once per file but still count every epoch's skips.
/// </summary>
internal sealed record SkippedImage(int Index, string Name, string Reason, bool FirstTime)
{
    public override string ToString() => $"{Name}: {Reason}";
}
