using DcganSharp.Training;
using TorchSharp;
using Xunit;

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
}
