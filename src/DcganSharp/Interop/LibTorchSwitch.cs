using System.Runtime.InteropServices;

namespace DcganSharp.Interop;

/// <summary>
/// A switch of libtorch's global context that TorchSharp 0.107 does not expose, flipped through
/// its C++ symbols (exported by libtorch_cpu): <see cref="CudnnBenchmark"/> and <see cref="Mkldnn"/>.
/// </summary>
internal sealed unsafe class LibTorchSwitch(string setterSymbol, string getterSymbol)
{
    /// <summary>
    /// PyTorch's <c>torch.backends.cudnn.benchmark</c>, which pytorch/examples/dcgan turns on: cuDNN
    /// times its convolution algorithms once per shape and keeps the fastest
    /// (<c>at::globalContext().setBenchmarkCuDNN</c>).
    /// </summary>
    public static LibTorchSwitch CudnnBenchmark { get; } = new("_ZN2at7Context17setBenchmarkCuDNNEb", "_ZNK2at7Context14benchmarkCuDNNEv");

    /// <summary>
    /// PyTorch's <c>torch.backends.mkldnn.enabled</c>: CPU convolutions through oneDNN, or through
    /// libtorch's own plain ones (im2col and matrix products) when off
    /// (<c>at::globalContext().setUserEnabledMkldnn</c>).
    /// </summary>
    public static LibTorchSwitch Mkldnn { get; } = new("_ZN2at7Context20setUserEnabledMkldnnEb", "_ZNK2at7Context17userEnabledMkldnnEv");

    const string Library = "libtorch_cpu.so";
    const string GlobalContext = "_ZN2at13globalContextEv";

    /// <summary>Sets the switch; false when this libtorch does not export it (nothing changes then).</summary>
    public bool TrySet(bool enabled)
    {
        if (!TryFind(out var context, out var set, out _))
            return false;
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>The current setting, or null when this libtorch does not export it.</summary>
    public bool? Get()
    {
        if (!TryFind(out var context, out _, out var get))
            return null;
        return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
    }

    bool TryFind(out IntPtr context, out IntPtr set, out IntPtr get)
    {
        context = set = get = IntPtr.Zero;
        // libtorch is already loaded by TorchSharp; dlopen finds it by its soname.
        _ = TorchSharp.torch.get_num_threads();
        if (!NativeLibrary.TryLoad(Library, out var handle) && !NativeLibrary.TryLoad(Library, typeof(TorchSharp.torch).Assembly, null, out handle))
            return false;
        if (!NativeLibrary.TryGetExport(handle, GlobalContext, out var global)
            || !NativeLibrary.TryGetExport(handle, setterSymbol, out set)
            || !NativeLibrary.TryGetExport(handle, getterSymbol, out get))
            return false;
        context = ((delegate* unmanaged<IntPtr>)global)();
        return context != IntPtr.Zero;
    }
}
