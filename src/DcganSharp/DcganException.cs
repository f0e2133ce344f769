namespace DcganSharp;

/// <summary>
/// A failure the user can act on: bad input, missing files, an unusable checkpoint. The message
/// is one line that names the file or value at fault and says how to fix it; the CLI prints it
/// without a stack trace and exits with <see cref="ExitCode"/>.
/// </summary>
public class DcganException : Exception
{
    /// <summary>1 for runtime failures (the default), 2 for usage errors.</summary>
    public int ExitCode { get; }

    /// <summary>A failure described by <paramref name="message"/> (one line naming the file or value and the fix).</summary>
    public DcganException(string message, int exitCode = 1) : base(message) => ExitCode = exitCode;

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public DcganException(string message, Exception inner, int exitCode = 1) : base(message, inner) => ExitCode = exitCode;

    /// <summary>A bad flag value or combination: exit code 2.</summary>
    internal static DcganException Usage(string message) => new(message, exitCode: 2);
}
