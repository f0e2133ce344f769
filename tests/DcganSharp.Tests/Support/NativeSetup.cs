using System.Runtime.CompilerServices;
using DcganSharp.Interop;

namespace DcganSharp.Tests.Support;

internal static class NativeSetup
{
    // Tests may run torch operations before touching a library type; the library's own
    // initializer would then come after oneDNN has read its settings.
    [ModuleInitializer]
    internal static void Apply() => OneDnnIsaCap.Apply();
}
