using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Runs;

/// <summary>
/// What training does when it diverges. A collapse margin of 1 makes every iteration count as
/// collapsed, so divergence arrives after exactly --collapse-patience iterations.
/// </summary>
public sealed class DivergenceHandlingTests : IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("diverge-").FullName;

    public void Dispose() => Directory.Delete(outf, recursive: true);

    string[] Args(int epochs, params string[] extra) =>
    [
        "train", "--dataset", "fake", "--fake-count", "32", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
        "--batch-size", "8", "--niter", $"{epochs}", "--seed", "3", "--device", "cpu", "--outf", outf, .. extra,
    ];

    [Fact]
    public void By_default_training_stops_with_exit_1_keeps_outputs_and_names_the_last_good_checkpoint()
    {
        // Healthy for two epochs (8 iterations), then every iteration collapses: divergence at step 8 + 6.
        var healthy = CliRunner.Run(Args(2));
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        var lastGood = File.ReadAllBytes(Path.Combine(outf, "checkpoint.pt"));

        var result = CliRunner.Run(Args(4, "--resume", outf, "--collapse-margin", "1", "--collapse-patience", "6"));

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("training diverged at epoch 3, iteration 1", error);
        Assert.Contains("checkpoint-epoch-1.pt", error);
        Assert.Contains("--on-diverge rollback", error);
        // Epoch 2 ended inside the streak (its checkpoint is marked unhealthy); epoch 3 never finished.
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_2.pth")));
        Assert.False(File.Exists(Path.Combine(outf, "netG_epoch_3.pth")));
        Assert.Equal(lastGood, File.ReadAllBytes(Path.Combine(outf, "checkpoint-epoch-1.pt")));
    }

    [Fact]
    public void Rollback_restarts_from_the_last_healthy_checkpoint_with_fresh_noise_at_most_max_rollbacks_times()
    {
        var result = CliRunner.Run(Args(3, "--collapse-margin", "1", "--collapse-patience", "3", "--on-diverge", "rollback", "--max-rollbacks", "2"));

        Assert.Equal(1, result.ExitCode);
        var warnings = result.Errors.Split('\n').Where(l => l.Contains("rolled back", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, warnings.Length);
        // No checkpoint was healthy (every iteration collapses), so both rollbacks go to the initial weights.
        Assert.All(warnings, w => Assert.Contains("the initial weights", w));
        Assert.Contains("fresh noise seed", warnings[0]);
        Assert.Contains("kept diverging after 2 rollback(s)", result.Errors);
    }

    /// <summary>
    /// A real collapse, not a forced one: a weak G (ngf 4) against a strong D (ndf 16) that learns
    /// 25 times faster, without the R1 penalty (which keeps this D from winning; see below).
    /// </summary>
    string[] Hostile(params string[] extra) => HostileWithPenalty("0", extra);

    string[] HostileWithPenalty(string r1Gamma, params string[] extra) =>
    [
        "train", "--dataset", "fake", "--fake-count", "64", "--image-size", "16", "--ngf", "4", "--ndf", "16", "--nz", "8",
        "--batch-size", "8", "--niter", "8", "--seed", "3", "--device", "cpu", "--outf", outf, "--lr", "0.0002", "--lr-d", "0.005",
        "--collapse-patience", "12", "--collapse-margin", "0.05", "--r1-gamma", r1Gamma, .. extra,
    ];

    [Fact]
    public void The_quality_recipes_R1_penalty_keeps_the_hostile_run_from_collapsing()
    {
        var result = CliRunner.Run(HostileWithPenalty("1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("diverged", result.Errors);
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_7.pth")), "every epoch finished");
    }

    [Fact]
    public void Rollback_recovers_a_run_that_collapses_by_halving_D_s_learning_rate()
    {
        var stopped = CliRunner.Run(Hostile());
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("training diverged", stopped.Errors);
        Directory.Delete(outf, recursive: true);

        var recovered = CliRunner.Run(Hostile("--on-diverge", "rollback"));

        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        var rollback = Assert.Single(recovered.Errors.Split('\n'), l => l.Contains("rolled back", StringComparison.Ordinal));
        Assert.Contains("D's learning rate halved to 0.0025", rollback);
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_7.pth")), "every epoch finished");
        // The halved rate is part of the run: resuming it trains on at that rate.
        var resumed = CliRunner.Run("train", "--resume", outf, "--niter", "9");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("D lr x12.5", resumed.Output);
    }

    [Fact]
    public void Ignore_trains_on_through_a_collapse()
    {
        var result = CliRunner.Run(Args(3, "--collapse-margin", "1", "--collapse-patience", "2", "--on-diverge", "ignore"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_2.pth")));
    }
}
