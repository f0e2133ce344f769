using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace DcganSharp.Interop;

/// <summary>
/// Makes sure the convolutions this process computes with are exact. libtorch 2.10's oneDNN
/// computes some of DCGAN's convolutions wrong with its widest vector kernels on some CPUs and
/// right on others (bench/speed/README.md), and capping it at AVX costs speed everywhere, so the
/// decision is made per machine from evidence (<see cref="KernelVerification"/>): as this library
/// loads, a cap that an earlier check on this machine found necessary is set (oneDNN reads it
/// once, before its first kernel); <see cref="EnsureVerified"/>, called before the library's first
/// convolution, checks the kernels in force once per machine and libtorch. A value of
/// ONEDNN_MAX_CPU_ISA set by the user is kept (and checked like any other level).
/// </summary>
internal static partial class OneDnnKernels
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Cap = "AVX";

    static readonly Lock Gate = new();
    static string level = KernelVerification.Native;
    static bool capIsOurs;
    static KernelVerdict? verdict;
    static bool noted;
    static bool applied;

    /// <summary>Where the verdict's note goes when the caller of <see cref="EnsureVerified"/> gives no log (the command line's error stream, say).</summary>
    public static Action<string>? DefaultLog { get; set; }

#pragma warning disable CA2255 // A library initializer on purpose: the cap must be in place before any convolution runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ApplyKnownCap()
    {
        if (applied)
            return;
        applied = true;
        if (Environment.GetEnvironmentVariable(Variable) is { } chosen)
        {
            level = chosen;
            return;
        }
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || KernelVerification.CapFor(KernelCheckCache.ForThisMachine(), Cap) is not { } cap)
            return;
        // .NET's own table is not the C environment on Unix; oneDNN reads the latter.
        if (!OperatingSystem.IsWindows())
            _ = setenv(Variable, cap, 0);
        Environment.SetEnvironmentVariable(Variable, cap);
        (level, capIsOurs) = (cap, true);
    }

    /// <summary>
    /// Checks the convolution kernels in force, at one thread and at libtorch's current thread
    /// count, against their definitions (once per machine and libtorch; later calls and later
    /// processes reuse the verdict), switches to exact ones if they are wrong, and tells
    /// <paramref name="log"/> (or <see cref="DefaultLog"/>) once per process when the kernels in
    /// use are not libtorch's own.
    /// </summary>
    public static KernelVerdict EnsureVerified(Action<string>? log = null)
    {
        lock (Gate)
        {
            if (verdict is null)
            {
                var threads = new[] { 1, get_num_threads() }.Distinct().ToArray();
                var verification = new KernelVerification(KernelCheckCache.ForThisMachine(),
                    counts => ConvolutionKernelCheck.Run(LibTorchConvolutions.Instance, counts), () => LibTorchSwitch.Mkldnn.TrySet(false));
                verdict = verification.Verify(level, threads, capIsOurs);
            }
            if (verdict.Note is { } note && !noted && (log ?? DefaultLog) is { } sink)
            {
                noted = true;
                sink($"note: {note}");
            }
            return verdict;
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
