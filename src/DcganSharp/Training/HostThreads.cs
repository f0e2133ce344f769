using TorchSharp;

namespace DcganSharp.Training;

/// <summary>
/// libtorch's intra-op CPU threads during training. On a GPU the CPU only feeds it, and a full
/// team of OpenMP threads competes with the data workers for cores: a parallel copy then waits
/// for a descheduled thread while the GPU idles (15 instead of 8 ms per batch-64 iteration on an
/// H200 with 16 cores). So a CUDA run gets one thread unless OMP_NUM_THREADS says otherwise.
/// </summary>
public static class HostThreads
{
    /// <summary>The intra-op thread count to set for training on <paramref name="device"/>, or null to keep libtorch's.</summary>
    /// <param name="ompNumThreads">The value of OMP_NUM_THREADS, if set: the user's choice wins.</param>
    public static int? ForTraining(DeviceType device, string? ompNumThreads) =>
        device == DeviceType.CUDA && string.IsNullOrWhiteSpace(ompNumThreads) ? 1 : null;
}
