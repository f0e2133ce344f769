// MSBuild task (compiled by RoslynCodeTaskFactory for netstandard2.0, see LibTorchSharpCompat.targets).
#nullable enable
//
// TorchSharp's libLibTorchSharp.so is linked against GCC 13's libstdc++ and so asks for the
// symbol version GLIBCXX_3.4.32. The only symbol of that version it uses is a link-time marker
// (std::ios_base_library_init) that is never called, so on systems whose libstdc++ stops at
// 3.4.30/3.4.31 (Debian 12, Ubuntu 22.04) the library fails to load for no real reason.
// Marking that version requirement weak (VER_FLG_WEAK in its Vernaux entry) lets the dynamic
// loader accept the older libstdc++. The patch is applied to the copy in the build output only,
// and only when the machine's libstdc++ lacks the version.
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenLibstdcxxVersion : Task
{
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    /// <summary>Shared libraries in the build or publish output to patch (missing files are ignored).</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            return true;
        var systemLib = FindSystemLibstdcxx();
        if (systemLib is null)
        {
            Log.LogMessage(MessageImportance.Low, "libstdc++.so.6 not found; leaving TorchSharp natives unpatched.");
            return true;
        }
        if (DefinesVersion(File.ReadAllBytes(systemLib), Version))
        {
            Log.LogMessage(MessageImportance.Low, $"{systemLib} provides {Version}; no patch needed.");
            return true;
        }
        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path))
                continue;
            try
            {
                var bytes = File.ReadAllBytes(path);
                if (!MarkNeedWeak(bytes, Version))
                    continue;
                // Write beside and rename, so a hard link into the NuGet cache is never modified.
                var temp = path + ".weakening";
                File.WriteAllBytes(temp, bytes);
                File.Replace(temp, path, null);
                Log.LogMessage(MessageImportance.Normal, $"Marked {Version} weak in {path} ({systemLib} lacks it).");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"Could not patch {path} for {Version}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    /// <summary>The libstdc++.so.6 the dynamic loader would pick for this architecture.</summary>
    static string? FindSystemLibstdcxx()
    {
        try
        {
            var ldconfig = File.Exists("/sbin/ldconfig") ? "/sbin/ldconfig" : "ldconfig";
            var info = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(info);
            if (process is not null)
            {
                var arch = Environment.Is64BitProcess ? "64" : "";
                string? line;
                while ((line = process.StandardOutput.ReadLine()) is not null)
                {
                    line = line.Trim();
                    if (!line.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) || !line.Contains(arch))
                        continue;
                    var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
                    if (arrow > 0)
                    {
                        process.WaitForExit();
                        return line.Substring(arrow + 3).Trim();
                    }
                }
                process.WaitForExit();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No ldconfig: fall back to the usual locations.
        }
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64" })
        {
            var candidate = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>True when the ELF file's version definitions (.gnu.version_d) include <paramref name="version"/>.</summary>
    static bool DefinesVersion(byte[] elf, string version)
    {
        foreach (var (offset, count, strtab) in Sections(elf, ShtGnuVerdef))
        {
            var entry = offset;
            for (var i = 0; i < count; i++)
            {
                var auxOffset = entry + ReadU32(elf, entry + 12);
                if (ReadString(elf, strtab + ReadU32(elf, auxOffset)) == version)
                    return true;
                var next = ReadU32(elf, entry + 16);
                if (next == 0)
                    break;
                entry += next;
            }
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry naming <paramref name="version"/>; true if anything changed.</summary>
    static bool MarkNeedWeak(byte[] elf, string version)
    {
        var changed = false;
        foreach (var (offset, count, strtab) in Sections(elf, ShtGnuVerneed))
        {
            var need = offset;
            for (var i = 0; i < count; i++)
            {
                var auxCount = ReadU16(elf, need + 2);
                var aux = need + ReadU32(elf, need + 8);
                for (var j = 0; j < auxCount; j++)
                {
                    var flags = ReadU16(elf, aux + 4);
                    if (ReadString(elf, strtab + ReadU32(elf, aux + 8)) == version && (flags & VerFlgWeak) == 0)
                    {
                        WriteU16(elf, aux + 4, (ushort)(flags | VerFlgWeak));
                        changed = true;
                    }
                    var nextAux = ReadU32(elf, aux + 12);
                    if (nextAux == 0)
                        break;
                    aux += nextAux;
                }
                var next = ReadU32(elf, need + 12);
                if (next == 0)
                    break;
                need += next;
            }
        }
        return changed;
    }

    /// <summary>Sections of the given type: (file offset, entry count from sh_info, offset of the linked string table).</summary>
    static System.Collections.Generic.IEnumerable<(long Offset, long Count, long StringTable)> Sections(byte[] elf, uint type)
    {
        // Only 64-bit little-endian ELF (x86-64, aarch64) is handled; anything else is left alone.
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            yield break;
        var shoff = (long)ReadU64(elf, 0x28);
        var shentsize = ReadU16(elf, 0x3A);
        var shnum = ReadU16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var header = shoff + (long)i * shentsize;
            if (ReadU32(elf, header + 4) != type)
                continue;
            var link = ReadU32(elf, header + 0x28);
            var linkedHeader = shoff + (long)link * shentsize;
            yield return ((long)ReadU64(elf, header + 0x18), ReadU32(elf, header + 0x2C), (long)ReadU64(elf, linkedHeader + 0x18));
        }
    }

    static ushort ReadU16(byte[] b, long o) => (ushort)(b[Check(b, o, 2)] | b[o + 1] << 8);
    static uint ReadU32(byte[] b, long o) => (uint)(ReadU16(b, o) | ReadU16(b, o + 2) << 16);
    static ulong ReadU64(byte[] b, long o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;

    static void WriteU16(byte[] b, long o, ushort v)
    {
        b[Check(b, o, 2)] = (byte)v;
        b[o + 1] = (byte)(v >> 8);
    }

    static string ReadString(byte[] b, long o)
    {
        var end = o;
        while (b[Check(b, end, 1)] != 0)
            end++;
        return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
    }

    static long Check(byte[] b, long o, int size) =>
        o >= 0 && o + size <= b.Length ? o : throw new InvalidDataException($"ELF offset {o} out of range");
}
