using System.Runtime.CompilerServices;
using DcganSharp.Interop;

namespace DcganSharp.Tests.Support;

internal static class NativeSetup
{
    // Tests may run torch operations before touching a library type, so the kernels are settled
    // first: the cap an earlier check found necessary, and the check of the kernels in force.
    [ModuleInitializer]
    internal static void Apply()
    {
        OneDnnKernels.ApplyKnownCap();
        OneDnnKernels.EnsureVerified();
    }
}
