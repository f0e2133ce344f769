using System.Globalization;

namespace DcganSharp.Interop;

/// <summary>The convolution kernels a process computes with, and the line that tells the user why, when they are not libtorch's own.</summary>
/// <param name="Level">"native", the oneDNN cap in force, or "plain" (oneDNN off).</param>
/// <param name="Note">One line for the user when the kernels are capped or plain; null when libtorch's own are right.</param>
internal sealed record KernelVerdict(string Level, string? Note);

/// <summary>
/// Decides which convolution kernels a process may trust, from evidence on this machine: the
/// cached verdicts of <see cref="ConvolutionKernelCheck"/>, or a check run now at the thread
/// counts in use. oneDNN reads its instruction-set cap once, before its first kernel, so a level
/// found wrong here cannot be capped in this process any more: this process falls back to
/// libtorch's plain kernels (checked too), and the cache tells the next one to cap oneDNN first
/// (<see cref="CapFor"/>).
/// </summary>
/// <param name="cache">Earlier verdicts for this machine and libtorch; new ones are added.</param>
/// <param name="check">Runs the check at the given thread counts with the kernels currently in force.</param>
/// <param name="disableOneDnn">Switches libtorch to its plain kernels; false if it could not.</param>
internal sealed class KernelVerification(KernelCheckCache cache, Func<IReadOnlyList<int>, IReadOnlyList<KernelCheckOutcome>> check, Func<bool> disableOneDnn)
{
    public const string Native = "native";
    public const string Plain = "plain";

    /// <summary>The cap oneDNN needs: <paramref name="cap"/> once libtorch's own level was found wrong here and the cap was not; else null.</summary>
    public static string? CapFor(KernelCheckCache cache, string cap)
    {
        var entries = cache.Entries;
        return entries.Any(e => e.Level == Native && !e.Exact) && !entries.Any(e => e.Level == cap && !e.Exact) ? cap : null;
    }

    /// <summary>Checks (or recalls) the kernels of <paramref name="level"/> at <paramref name="threadCounts"/>, falling back to the plain ones when they are wrong.</summary>
    /// <param name="level">The level in force: <see cref="Native"/>, or the cap set before libtorch loaded.</param>
    /// <param name="capIsOurs">The cap was set from this cache (so the note says why), rather than by the user.</param>
    public KernelVerdict Verify(string level, IReadOnlyList<int> threadCounts, bool capIsOurs)
    {
        var wrong = FirstWrong(level, threadCounts);
        if (wrong is null)
            return new KernelVerdict(level, level != Native && capIsOurs ? CapNote(level, threadCounts) : null);

        if (!disableOneDnn())
            throw new DcganException($"libtorch's convolutions compute wrong results on this CPU ({Describe(wrong)}) and its oneDNN could not be switched off; " +
                $"set ONEDNN_MAX_CPU_ISA=AVX before starting (or delete {cache.File} to check again)");
        if (FirstWrong(Plain, threadCounts) is { } plainWrong)
            throw new DcganException($"libtorch's convolutions compute wrong results on this CPU, through oneDNN ({Describe(wrong)}) and without it ({Describe(plainWrong)}); " +
                "no exact kernels are left to train with: please report this CPU and libtorch");
        var slower = Ratio(Plain, level, threadCounts);
        var nextStep = level == Native
            ? $"the next start caps oneDNN at {OneDnnKernels.Cap} and checks that"
            : capIsOurs ? "later starts use the plain ones too" : "unset ONEDNN_MAX_CPU_ISA or choose another value";
        return new KernelVerdict(Plain,
            $"oneDNN's convolutions at {Name(level)} compute wrong results on this CPU ({Describe(wrong)}), so this process uses libtorch's plain convolutions" +
            $"{(slower is { } s ? $" ({s} the time here)" : "")}; {nextStep} (verdicts in {cache.File})");
    }

    KernelCheckEntry? FirstWrong(string level, IReadOnlyList<int> threadCounts)
    {
        var pending = threadCounts.Where(threads => cache.Find(level, threads) is null).ToArray();
        if (pending.Length > 0)
        {
            foreach (var (threads, outcome) in pending.Zip(check(pending)))
                cache.Add(new KernelCheckEntry(level, threads, outcome.Exact, outcome.WorstError, outcome.WorstAt, outcome.Seconds, DateTimeOffset.UtcNow));
        }
        return threadCounts.Select(threads => cache.Find(level, threads)).FirstOrDefault(entry => entry is { Exact: false });
    }

    string CapNote(string level, IReadOnlyList<int> threadCounts)
    {
        var nativeWrong = cache.Entries.FirstOrDefault(e => e.Level == Native && !e.Exact);
        var slower = Ratio(level, Native, threadCounts);
        return $"oneDNN is capped at {level}: at libtorch's own instruction set its convolutions compute wrong results on this CPU" +
            $"{(nativeWrong is null ? "" : $" ({Describe(nativeWrong)}, checked {nativeWrong.CheckedAt:yyyy-MM-dd})")}" +
            $"{(slower is { } s ? $"; capped, DCGAN's convolutions take {s} the time" : "")} (verdicts in {cache.File}; delete it to check again)";
    }

    // How many times longer the kernels of `level` took than those of `baseline`, at the most threads both were timed at.
    string? Ratio(string level, string baseline, IReadOnlyList<int> threadCounts)
    {
        foreach (var threads in threadCounts.OrderDescending())
        {
            if (cache.Find(level, threads) is { Seconds: > 0 } slow && cache.Find(baseline, threads) is { Seconds: > 0 } fast)
                return string.Create(CultureInfo.InvariantCulture, $"{slow.Seconds / fast.Seconds:0.0}x");
        }
        return null;
    }

    static string Name(string level) => level == Native ? "libtorch's own instruction set" : level;

    static string Describe(KernelCheckEntry wrong) =>
        string.Create(CultureInfo.InvariantCulture, $"{wrong.WorstAt} off by {wrong.WorstError:P1} of its largest value");
}
