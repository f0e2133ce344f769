using System.Runtime.InteropServices;

namespace DcganSharp.Data;

/// <summary>
/// The canonical path of a folder, with every symbolic link resolved, so a scan can recognise a
/// folder it has already visited under another name (a link back to a parent, say).
/// </summary>
internal static partial class RealPath
{
    public static string Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // realpath(3) resolves links in every component, which .NET has no API for.
            var resolved = NativeRealPath(path, IntPtr.Zero);
            if (resolved != IntPtr.Zero)
            {
                try
                {
                    return Marshal.PtrToStringUTF8(resolved)!;
                }
                finally
                {
                    Free(resolved);
                }
            }
        }
        var info = new DirectoryInfo(path);
        return (info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName;
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
