using TorchSharp;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Runs libtorch on one thread until disposed. On a shared 2-core machine, two OpenMP threads that
/// wait on each other while other processes hold the cores run several times slower than one;
/// the heavier evaluation tests use this so their time does not depend on the machine's load.
/// </summary>
public sealed class SingleThreadedTorch : IDisposable
{
    readonly int before = torch.get_num_threads();

    public SingleThreadedTorch() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(before);
}
