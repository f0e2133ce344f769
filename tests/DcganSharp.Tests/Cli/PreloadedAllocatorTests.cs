using Xunit;

namespace DcganSharp.Tests.Cli;

/// <summary>
/// ./dcgan preloads tcmalloc, and ./run-tests preloads it for the test host too, so every
/// in-process test runs native code under the allocator users get. (Without that, a libc free()
/// of a pointer tcmalloc handed out crashed every image-folder run, and no test saw it.)
/// </summary>
public sealed class PreloadedAllocatorTests
{
    [Fact]
    public void The_tests_run_under_the_allocator_that_dcgan_preloads()
    {
        var installed = Directory.GetDirectories("/usr/lib", "*-linux-gnu")
            .Any(folder => File.Exists(Path.Combine(folder, "libtcmalloc_minimal.so.4")));
        var optedOut = Environment.GetEnvironmentVariable("DCGAN_MALLOC") == "system";
        var loaded = File.ReadAllText("/proc/self/maps").Contains("libtcmalloc_minimal", StringComparison.Ordinal);

        Assert.True(loaded == (installed && !optedOut),
            $"tcmalloc installed: {installed}, DCGAN_MALLOC=system: {optedOut}, loaded in the test host: {loaded}; run the tests through ./run-tests");
    }
}
