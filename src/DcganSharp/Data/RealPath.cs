using System.Runtime.InteropServices;
using System.Text;

namespace DcganSharp.Data;

/// <summary>
/// The canonical path of a folder, with every symbolic link resolved, so a scan can recognise a
/// folder it has already visited under another name (a link back to a parent, say).
/// </summary>
internal static partial class RealPath
{
    // PATH_MAX on Linux and macOS is at most this; realpath(3) never writes more.
    const int MaxPath = 4096;

    public static string Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // realpath(3) resolves links in every component, which .NET has no API for. It writes
            // into our buffer rather than one it mallocs: under a preloaded allocator (./dcgan's
            // tcmalloc) libc's own free() must never see a pointer that allocator returned.
            var buffer = new byte[MaxPath + 1];
            if (NativeRealPath(path, buffer) != IntPtr.Zero)
                return Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
        }
        var info = new DirectoryInfo(path);
        return (info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName;
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, [Out] byte[] resolved);
}
