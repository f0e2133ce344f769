namespace DcganSharp.Runs;

/// <summary>
/// One training run per output folder: a second `dcgan train` (with --overwrite or --resume) into
/// a folder that a live run is still writing would interleave their checkpoints and samples. The
/// lock is an exclusive lock on a hidden file in the folder, which the OS drops when the process
/// ends however it ends, so a killed run never leaves the folder locked.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = ".dcgan-train.lock";

    // What .NET reports when another process holds the lock: ERROR_SHARING_VIOLATION on Windows,
    // flock's EWOULDBLOCK (errno 11 on Linux, 35 on macOS) elsewhere.
    const int SharingViolation = unchecked((int)0x80070020);
    const int WouldBlockLinux = 11;
    const int WouldBlockMac = 35;

    readonly FileStream file;

    RunLock(FileStream file) => this.file = file;

    /// <summary>Takes the folder's lock; a folder another live run holds is a <see cref="DcganException"/>.</summary>
    /// <param name="folder">The run's output folder.</param>
    /// <param name="names">How the advice names <see cref="DcganOptions.OutputFolder"/>.</param>
    public static RunLock Acquire(string folder, SettingNames names)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None is an exclusive flock on Unix; the file goes when the lock is released normally.
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException e) when (e.HResult is SharingViolation or WouldBlockLinux or WouldBlockMac)
        {
            throw new DcganException($"another dcgan train is running in '{folder}'; wait for it to finish or stop it (Ctrl+C), or choose another {names.Name(nameof(DcganOptions.OutputFolder))}", e);
        }
    }

    public void Dispose() => file.Dispose();
}
