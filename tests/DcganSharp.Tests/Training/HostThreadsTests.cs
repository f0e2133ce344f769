using DcganSharp.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

public sealed class HostThreadsTests
{
    [Theory]
    [InlineData(DeviceType.CUDA, null, 1)]
    [InlineData(DeviceType.CUDA, "", 1)]
    [InlineData(DeviceType.CUDA, "8", null)]
    [InlineData(DeviceType.CPU, null, null)]
    [InlineData(DeviceType.CPU, "2", null)]
    public void A_gpu_run_gets_one_cpu_thread_unless_the_user_chose(DeviceType device, string? ompNumThreads, int? expected) =>
        Assert.Equal(expected, HostThreads.ForTraining(device, ompNumThreads));

    [Fact]
    public void A_lowered_run_gets_every_thread_back_for_cpu_work_and_at_its_end()
    {
        // Only the thread count changes, so this runs without a GPU (test classes here run one at a time).
        var before = get_num_threads();
        var lowered = HostThreads.ForTraining(DeviceType.CUDA, Environment.GetEnvironmentVariable("OMP_NUM_THREADS")) ?? before;
        using (HostThreads.LowerForTraining(DeviceType.CUDA))
        {
            Assert.Equal(lowered, get_num_threads());
            using (HostThreads.ForCpuWork())
                Assert.Equal(before, get_num_threads());
            Assert.Equal(lowered, get_num_threads());
        }
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void Nothing_changes_for_a_cpu_run()
    {
        var before = get_num_threads();
        using (HostThreads.LowerForTraining(DeviceType.CPU))
        {
            Assert.Equal(before, get_num_threads());
            using (HostThreads.ForCpuWork())
                Assert.Equal(before, get_num_threads());
        }
        Assert.Equal(before, get_num_threads());
    }
}
