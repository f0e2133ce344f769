using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>
/// libtorch's intra-op CPU threads during training. On a GPU the CPU only feeds it, and a full
/// team of OpenMP threads competes with the data workers for cores: a parallel copy then waits
/// for a descheduled thread while the GPU idles (bench/gpu/README.md measured it on a 16-core
/// H200 machine). So a CUDA run gets one thread unless OMP_NUM_THREADS says otherwise, and
/// the CPU-heavy bursts inside it (FID's float64 statistics) get the full count back meanwhile.
/// The count is process-wide in libtorch, hence the static state.
/// </summary>
internal static class HostThreads
{
    // libtorch's count from before a GPU run lowered it, while it is lowered.
    static int? beforeTraining;

    /// <summary>The intra-op thread count to set for training on <paramref name="device"/>, or null to keep libtorch's.</summary>
    /// <param name="ompNumThreads">The value of OMP_NUM_THREADS, if set: the user's choice wins.</param>
    public static int? ForTraining(DeviceType device, string? ompNumThreads) =>
        device == DeviceType.CUDA && string.IsNullOrWhiteSpace(ompNumThreads) ? 1 : null;

    /// <summary>Sets the count <see cref="ForTraining"/> gives for a run on <paramref name="device"/>; disposing restores the previous one.</summary>
    public static IDisposable LowerForTraining(DeviceType device)
    {
        if (beforeTraining is not null || ForTraining(device, Environment.GetEnvironmentVariable("OMP_NUM_THREADS")) is not { } threads)
            return new Restore(null);
        var before = get_num_threads();
        beforeTraining = before;
        set_num_threads(threads);
        return new Restore(() =>
        {
            set_num_threads(before);
            beforeTraining = null;
        });
    }

    /// <summary>Inside a lowered run, the full count back until disposed (a burst of CPU work); otherwise nothing changes.</summary>
    public static IDisposable ForCpuWork()
    {
        if (beforeTraining is not { } full)
            return new Restore(null);
        var lowered = get_num_threads();
        set_num_threads(full);
        return new Restore(() => set_num_threads(lowered));
    }

    sealed class Restore(Action? undo) : IDisposable
    {
        Action? pending = undo;

        public void Dispose()
        {
            pending?.Invoke();
            pending = null;
        }
    }
}
