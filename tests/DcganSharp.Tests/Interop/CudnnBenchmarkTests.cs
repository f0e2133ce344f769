using DcganSharp.Interop;
using Xunit;

namespace DcganSharp.Tests.Interop;

public sealed class CudnnBenchmarkTests
{
    [Fact]
    public void The_switch_is_found_in_libtorch_and_reads_back_what_was_set()
    {
        var before = CudnnBenchmark.Get();
        Assert.NotNull(before);
        try
        {
            Assert.True(CudnnBenchmark.TrySet(true));
            Assert.True(CudnnBenchmark.Get());
            Assert.True(CudnnBenchmark.TrySet(false));
            Assert.False(CudnnBenchmark.Get());
        }
        finally
        {
            CudnnBenchmark.TrySet(before!.Value);
        }
    }
}
