namespace DcganSharp.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command started but failed: unreadable data, a bad checkpoint, a full disk.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown flag, bad value, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl-C (SIGINT) after saving its state: 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM after saving its state: 128 + 15.</summary>
    public const int Terminated = 143;
}
