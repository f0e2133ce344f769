using TorchSharp;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Runs libtorch on <c>count</c> threads (one by default) until disposed. On a shared 2-core
/// machine, two OpenMP threads that wait on each other while other processes hold the cores run
/// several times slower than one; the heavier evaluation tests use one thread so their time does
/// not depend on the machine's load. Tests of thread-dependent kernels pick the count.
/// </summary>
public sealed class TorchThreads : IDisposable
{
    readonly int before = torch.get_num_threads();

    public TorchThreads(int count = 1) => torch.set_num_threads(count);

    public void Dispose() => torch.set_num_threads(before);
}
