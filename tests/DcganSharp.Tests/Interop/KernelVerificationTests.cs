using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Interop;

/// <summary>The decision on which kernels to trust, with a faked check and a cache in a temporary folder.</summary>
public sealed class KernelVerificationTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernel-check-").FullName;
    readonly List<(string Level, int Threads)> checks = [];
    int disabled;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    KernelCheckCache Cache() => new(Path.Combine(folder, "machine.json"), "a CPU; some flags; libtorch x");

    // A check whose kernels are wrong at the levels in `wrongAt` (a level's kernels are those in force when it runs).
    KernelVerification Verification(KernelCheckCache cache, Func<string> levelInForce, params string[] wrongAt) =>
        new(cache, counts => [.. counts.Select(threads =>
        {
            var level = levelInForce();
            checks.Add((level, threads));
            var wrong = wrongAt.Contains(level) && threads == 2;
            return new KernelCheckOutcome(!wrong, wrong ? 0.02 : 1e-7, wrong ? "64x64x3 G 1x1->4x4 output (channels-last, 2 threads)" : "", level == "AVX" ? 3 : 1);
        })], () =>
        {
            disabled++;
            return true;
        });

    [Fact]
    public void Right_kernels_are_kept_and_checked_once_per_machine()
    {
        var first = Verification(Cache(), () => "native").Verify("native", [1, 2], capIsOurs: false);
        Assert.Equal(new KernelVerdict("native", null), first);
        Assert.Equal([("native", 1), ("native", 2)], checks);

        // The next process, same machine: no check, no cap.
        Assert.Null(KernelVerification.CapFor(Cache(), "AVX"));
        Assert.Equal(first, Verification(Cache(), () => "native").Verify("native", [1, 2], capIsOurs: false));
        Assert.Equal(2, checks.Count);
        Assert.Equal(0, disabled);
    }

    [Fact]
    public void Wrong_kernels_fall_back_to_plain_ones_now_and_to_the_cap_from_the_next_start()
    {
        var inForce = "native";
        var verdict = Verification(Cache(), () => inForce == "native" && disabled > 0 ? "plain" : inForce, "native")
            .Verify("native", [1, 2], capIsOurs: false);

        Assert.Equal("plain", verdict.Level);
        Assert.Equal(1, disabled);
        Assert.Contains("oneDNN's convolutions at libtorch's own instruction set compute wrong results on this CPU (64x64x3 G 1x1->4x4 output", verdict.Note);
        Assert.Contains("the next start caps oneDNN at AVX", verdict.Note);
        Assert.Equal([("native", 1), ("native", 2), ("plain", 1), ("plain", 2)], checks);

        // The next start: the cap is applied before libtorch loads, and the capped kernels are checked.
        Assert.Equal("AVX", KernelVerification.CapFor(Cache(), "AVX"));
        inForce = "AVX";
        var capped = Verification(Cache(), () => inForce).Verify("AVX", [1, 2], capIsOurs: true);
        Assert.Equal("AVX", capped.Level);
        Assert.Equal(1, disabled);
        Assert.StartsWith("oneDNN is capped at AVX: at libtorch's own instruction set its convolutions compute wrong results on this CPU (64x64x3 G 1x1->4x4 output", capped.Note);
        Assert.Contains("capped, DCGAN's convolutions take 3.0x the time", capped.Note);

        // And the one after that recalls both verdicts without checking.
        var count = checks.Count;
        Assert.Equal(capped, Verification(Cache(), () => inForce).Verify("AVX", [1, 2], capIsOurs: true));
        Assert.Equal(count, checks.Count);
    }

    [Fact]
    public void When_the_cap_is_wrong_too_later_starts_skip_it_and_use_plain_kernels()
    {
        var inForce = "native";
        string Level() => disabled > 0 ? "plain" : inForce;
        Verification(Cache(), Level, "native", "AVX").Verify("native", [1, 2], capIsOurs: false);
        inForce = "AVX";
        disabled = 0;
        var capped = Verification(Cache(), Level, "native", "AVX").Verify("AVX", [1, 2], capIsOurs: true);
        Assert.Equal("plain", capped.Level);
        Assert.Contains("later starts use the plain ones too", capped.Note);

        Assert.Null(KernelVerification.CapFor(Cache(), "AVX"));
        disabled = 0;
        var count = checks.Count;
        var uncapped = Verification(Cache(), Level, "native", "AVX").Verify("native", [1, 2], capIsOurs: false);
        Assert.Equal("plain", uncapped.Level);
        Assert.Equal(1, disabled);
        Assert.Equal(count, checks.Count);
    }

    [Fact]
    public void No_exact_kernels_at_all_is_an_error_that_says_so()
    {
        var error = Assert.Throws<DcganException>(() => Verification(Cache(), () => disabled > 0 ? "plain" : "native", "native", "plain").Verify("native", [1, 2], false));
        Assert.Contains("through oneDNN", error.Message);
        Assert.Contains("and without it", error.Message);
    }

    [Fact]
    public void A_users_own_level_is_checked_and_its_note_points_at_the_variable()
    {
        var verdict = Verification(Cache(), () => disabled > 0 ? "plain" : "AVX2", "AVX2").Verify("AVX2", [2], capIsOurs: false);
        Assert.Equal("plain", verdict.Level);
        Assert.Contains("at AVX2 compute wrong results", verdict.Note);
        Assert.Contains("unset ONEDNN_MAX_CPU_ISA", verdict.Note);
        Assert.Null(Verification(Cache(), () => "AVX", []).Verify("AVX", [2], capIsOurs: false).Note);
    }

    [Fact]
    public void Another_machine_or_a_damaged_file_means_checking_again()
    {
        Verification(Cache(), () => "native").Verify("native", [1], capIsOurs: false);
        Assert.Single(Cache().Entries);
        Assert.Empty(new KernelCheckCache(Cache().File, "another CPU").Entries);
        File.WriteAllText(Cache().File, "{ not json");
        Assert.Empty(Cache().Entries);
        Verification(Cache(), () => "native").Verify("native", [1], capIsOurs: false);
        Assert.Equal(2, checks.Count);
        Assert.Single(Cache().Entries);
    }

    [Fact]
    public void The_machine_is_named_by_cpu_flags_torchsharp_and_libtorch()
    {
        var machine = KernelCheckCache.DescribeMachine();
        Assert.Matches("^cpu .+; flags [0-9a-z,]+; TorchSharp 0\\.107\\.0.*; libtorch_cpu \\d+ bytes ", machine);
        Assert.Equal(machine, KernelCheckCache.ForThisMachine(folder).Machine);
    }

    [Fact]
    public void A_cap_found_necessary_on_this_machine_is_applied_before_the_first_convolution()
    {
        // A cache that says libtorch's own kernels were wrong here, as a check on such a CPU writes it.
        var cacheRoot = Path.Combine(folder, "xdg");
        var cache = KernelCheckCache.ForThisMachine(Path.Combine(cacheRoot, "dcgan-sharp", "kernel-check"));
        cache.Add(new KernelCheckEntry("native", 1, false, 0.02, "64x64x3 G 1x1->4x4 output (channels-last, 1 thread)", 1, DateTimeOffset.UtcNow));
        var outf = Path.Combine(folder, "run");
        var (exitCode, output) = DcganProcess.Run(TimeSpan.FromMinutes(3), new Dictionary<string, string?>
        {
            ["XDG_CACHE_HOME"] = cacheRoot,
            ["ONEDNN_MAX_CPU_ISA"] = null,
            ["ONEDNN_VERBOSE"] = "1",
        },
            "train", "--dataset", "fake", "--fake-count", "16", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8", "--batch-size", "8", "--niter", "1",
            "--seed", "1", "--device", "cpu", "--outf", outf);
        Assert.True(exitCode == 0, output);
        Assert.Contains("note: oneDNN is capped at AVX: at libtorch's own instruction set its convolutions compute wrong results on this CPU (64x64x3 G 1x1->4x4 output", output);
        Assert.Contains("isa:Intel AVX\n", output.Replace("\r", ""));
        Assert.Contains(cache.Entries, e => e.Level == "AVX" && e.Exact);
    }
}
