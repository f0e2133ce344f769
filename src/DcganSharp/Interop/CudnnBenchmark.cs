using System.Runtime.InteropServices;

namespace DcganSharp.Interop;

/// <summary>
/// PyTorch's <c>torch.backends.cudnn.benchmark</c>, which pytorch/examples/dcgan turns on: cuDNN
/// times its convolution algorithms once per shape and keeps the fastest. TorchSharp 0.107 does
/// not expose the switch, so this calls libtorch's own setter
/// (<c>at::globalContext().setBenchmarkCuDNN</c>, exported by libtorch_cpu) through its C++ symbol.
/// </summary>
internal static unsafe class CudnnBenchmark
{
    const string Library = "libtorch_cpu.so";
    const string GlobalContext = "_ZN2at13globalContextEv";
    const string Setter = "_ZN2at7Context17setBenchmarkCuDNNEb";
    const string Getter = "_ZNK2at7Context14benchmarkCuDNNEv";

    /// <summary>Turns autotuning on or off; false when this libtorch does not export the switch (nothing changes then).</summary>
    public static bool TrySet(bool enabled)
    {
        if (!TryFind(out var context, out var set, out _))
            return false;
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>The current setting, or null when this libtorch does not export it.</summary>
    public static bool? Get()
    {
        if (!TryFind(out var context, out _, out var get))
            return null;
        return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
    }

    static bool TryFind(out IntPtr context, out IntPtr set, out IntPtr get)
    {
        context = set = get = IntPtr.Zero;
        // libtorch is already loaded by TorchSharp; dlopen finds it by its soname.
        _ = TorchSharp.torch.get_num_threads();
        if (!NativeLibrary.TryLoad(Library, out var handle) && !NativeLibrary.TryLoad(Library, typeof(TorchSharp.torch).Assembly, null, out handle))
            return false;
        if (!NativeLibrary.TryGetExport(handle, GlobalContext, out var global)
            || !NativeLibrary.TryGetExport(handle, Setter, out set)
            || !NativeLibrary.TryGetExport(handle, Getter, out get))
            return false;
        context = ((delegate* unmanaged<IntPtr>)global)();
        return context != IntPtr.Zero;
    }
}
