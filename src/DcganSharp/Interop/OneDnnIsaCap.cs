using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DcganSharp.Interop;

/// <summary>
/// Caps oneDNN, libtorch's CPU convolution library, at AVX. The libtorch 2.10 of TorchSharp-cpu
/// 0.107 computes wrong transposed convolutions with its AVX-512 and AVX2 kernels (on an AVX-512
/// AMD EPYC the generator's 1x1 to 4x4 layer disagreed with PyTorch 1.13 and with its own
/// matrix-product definition, differently per thread count; AVX2 was still wrong for the 64x64
/// reference shape; AVX and below are exact). How far off they were and what the cap costs are in
/// README.md ("Debian 12 and TorchSharp").
/// oneDNN reads ONEDNN_MAX_CPU_ISA from the native environment once, at its first primitive, so
/// the cap is set there when this library loads. A value the user set is kept.
/// </summary>
internal static partial class OneDnnIsaCap
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Cap = "AVX";

#pragma warning disable CA2255 // A library initializer on purpose: it must run before any convolution does.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || Environment.GetEnvironmentVariable(Variable) is not null)
            return;
        // .NET's own table is not the C environment on Unix; oneDNN reads the latter.
        if (!OperatingSystem.IsWindows())
            _ = setenv(Variable, Cap, 0);
        Environment.SetEnvironmentVariable(Variable, Cap);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
