namespace DcganSharp.Tests.Support;

/// <summary>
/// How long a test waits for something that must happen (a child process printing a line or
/// exiting, a server answering, a queued job starting) before it calls it a hang. No test asserts
/// that something happens within a time: a busy machine (CI's runs other jobs on its two cores)
/// can be many times slower than an idle one. So these limits only end a test that would otherwise
/// wait forever, and they are generous; a passing test never waits for them.
/// </summary>
public static class Patience
{
    /// <summary>For anything that takes seconds on an idle machine.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    /// <summary>For a whole child program that takes a minute or more on an idle machine (a build, a PyTorch script).</summary>
    public static readonly TimeSpan LongHang = TimeSpan.FromMinutes(15);
}
