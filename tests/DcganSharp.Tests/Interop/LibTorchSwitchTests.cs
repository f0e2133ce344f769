using DcganSharp.Interop;
using Xunit;

namespace DcganSharp.Tests.Interop;

public sealed class LibTorchSwitchTests
{
    [Fact]
    public void The_switch_is_found_in_libtorch_and_reads_back_what_was_set()
    {
        var before = LibTorchSwitch.CudnnBenchmark.Get();
        Assert.NotNull(before);
        try
        {
            Assert.True(LibTorchSwitch.CudnnBenchmark.TrySet(true));
            Assert.True(LibTorchSwitch.CudnnBenchmark.Get());
            Assert.True(LibTorchSwitch.CudnnBenchmark.TrySet(false));
            Assert.False(LibTorchSwitch.CudnnBenchmark.Get());
        }
        finally
        {
            LibTorchSwitch.CudnnBenchmark.TrySet(before!.Value);
        }
    }
}
