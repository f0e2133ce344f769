using System.Reflection;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Json;
using DcganSharp.IO;

namespace DcganSharp.Interop;

/// <summary>What a check of libtorch's convolutions found at one oneDNN instruction-set level and thread count.</summary>
/// <param name="Level">"native" (libtorch's own choice), the cap in force (e.g. "AVX"), or "plain" (oneDNN off).</param>
internal sealed record KernelCheckEntry(string Level, int Threads, bool Exact, double WorstError, string WorstAt, double Seconds, DateTimeOffset CheckedAt);

/// <summary>
/// The verdicts of <see cref="ConvolutionKernelCheck"/> for one machine and libtorch, kept in the
/// user's cache folder so the check runs once, not at every start. The file is named by a hash of
/// the CPU's model and flags, TorchSharp's version and the libtorch file: a new CPU, new
/// instruction-set flags (a VM moved to another host) or another libtorch is checked afresh.
/// </summary>
internal sealed class KernelCheckCache(string file, string machine)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string File { get; } = file;

    /// <summary>What the verdicts hold for: CPU, flags, TorchSharp and libtorch.</summary>
    public string Machine { get; } = machine;

    /// <summary>The cache of this machine and libtorch, under <see cref="UserCacheFolder"/> (or <paramref name="folder"/>).</summary>
    public static KernelCheckCache ForThisMachine(string? folder = null)
    {
        var machine = DescribeMachine();
        return new KernelCheckCache(Path.Combine(folder ?? Path.Combine(UserCacheFolder.Root, "kernel-check"), $"{ContentHash.OfText(machine)[..16]}.json"), machine);
    }

    public IReadOnlyList<KernelCheckEntry> Entries => Read()?.Entries ?? [];

    public KernelCheckEntry? Find(string level, int threads) =>
        Entries.LastOrDefault(e => e.Level == level && e.Threads == threads);

    /// <summary>Adds (or replaces) an entry; a cache that cannot be written only means checking again next time.</summary>
    public void Add(KernelCheckEntry entry)
    {
        var entries = Entries.Where(e => e.Level != entry.Level || e.Threads != entry.Threads).Append(entry).ToArray();
        try
        {
            AtomicFile.Write(File, stream => JsonSerializer.Serialize(stream, new Stored(Machine, entries), Json), durable: false);
        }
        catch (DcganException)
        {
        }
    }

    sealed record Stored(string Machine, KernelCheckEntry[] Entries);

    Stored? Read()
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(System.IO.File.ReadAllText(File));
            return stored?.Machine == Machine && stored.Entries is not null ? stored : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null; // missing or damaged: check again
        }
    }

    /// <summary>CPU model and flags, TorchSharp's version and the libtorch file it will load (size and time).</summary>
    public static string DescribeMachine()
    {
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString();
        return $"cpu {CpuModel()}; flags {CpuFlags()}; TorchSharp {torchSharp}; {LibTorchFile()}";
    }

    static string CpuModel()
    {
        if (X86Base.IsSupported)
        {
            // The processor brand string, CPUID leaves 0x80000002-4, on any operating system.
            var brand = new StringBuilder();
            for (var leaf = unchecked((int)0x80000002); leaf <= unchecked((int)0x80000004); leaf++)
            {
                var (a, b, c, d) = X86Base.CpuId(leaf, 0);
                foreach (var register in new[] { a, b, c, d })
                    brand.Append(Encoding.ASCII.GetString(BitConverter.GetBytes(register)));
            }
            return brand.ToString().TrimEnd('\0').Trim();
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    static string CpuFlags()
    {
        // Linux lists every flag the kernel sees; elsewhere, the vector extensions .NET detects.
        const string cpuinfo = "/proc/cpuinfo";
        if (System.IO.File.Exists(cpuinfo))
        {
            foreach (var line in System.IO.File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("flags", StringComparison.Ordinal) || line.StartsWith("Features", StringComparison.Ordinal))
                    return ContentHash.OfText(line[(line.IndexOf(':') + 1)..].Trim())[..16];
            }
        }
        return string.Join(",", new (string Name, bool On)[]
        {
            ("avx", Avx.IsSupported), ("avx2", Avx2.IsSupported), ("fma", Fma.IsSupported), ("avx512f", Avx512F.IsSupported),
            ("avx512bw", Avx512BW.IsSupported), ("avx512vbmi", Avx512Vbmi.IsSupported), ("avxvnni", AvxVnni.IsSupported),
        }.Where(f => f.On).Select(f => f.Name));
    }

    // The first libtorch_cpu the dynamic loader would find: beside the application, in its
    // runtimes folder, or on LD_LIBRARY_PATH (an external libtorch, such as a PyTorch install's).
    static string LibTorchFile()
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var folders = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native") }
            .Concat((Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        foreach (var folder in folders)
        {
            var file = new FileInfo(Path.Combine(folder, "libtorch_cpu.so"));
            if (file.Exists)
                return $"libtorch_cpu {file.Length} bytes {file.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ssZ}";
        }
        return "libtorch_cpu not found beside the application";
    }
}
