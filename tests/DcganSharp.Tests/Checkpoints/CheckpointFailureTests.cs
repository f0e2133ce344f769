using DcganSharp.Checkpoints;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Checkpoints;

/// <summary>Damaged or mismatched checkpoints are refused with one line that says what to do.</summary>
public sealed class CheckpointFailureTests : IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("ckpt-fail-").FullName;

    public void Dispose() => Directory.Delete(outf, recursive: true);

    string[] TrainArgs(int epochs, params string[] extra) =>
    [
        "train", "--dataset", "fake", "--fake-count", "16", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
        "--batch-size", "8", "--niter", $"{epochs}", "--seed", "9", "--device", "cpu", "--outf", outf, .. extra,
    ];

    void TrainTwoEpochs()
    {
        var result = CliRunner.Run(TrainArgs(2));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void A_flipped_byte_is_detected_and_the_last_good_checkpoint_is_named()
    {
        TrainTwoEpochs();
        var latest = Path.Combine(outf, CheckpointStore.LatestName);
        var bytes = File.ReadAllBytes(latest);
        // Flip one bit in every 4 KiB block past the header, so every region is covered somewhere.
        for (var i = 512; i < bytes.Length; i += 4096)
            bytes[i] ^= 0x10;
        File.WriteAllBytes(latest, bytes);

        var result = CliRunner.Run(TrainArgs(3, "--resume", outf));

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("checkpoint.pt' is damaged", error);
        Assert.Contains("checkpoint-epoch-1.pt", error);
        Assert.Contains("--resume", error);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(0.0)]
    public void A_truncated_checkpoint_is_rejected(double keptFraction)
    {
        TrainTwoEpochs();
        var latest = Path.Combine(outf, CheckpointStore.LatestName);
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(int)(bytes.Length * keptFraction)]);

        var error = Assert.Throws<DcganException>(() => CheckpointStore.LoadNamingFallback(latest, DcganSharp.Cli.Commands.TrainCommand.Flags));
        Assert.Contains("is damaged", error.Message);
        Assert.Contains("checkpoint-epoch-1.pt", error.Message);
    }

    [Fact]
    public void Any_flipped_bit_anywhere_in_the_file_is_caught_by_the_seal()
    {
        TrainTwoEpochs();
        var latest = Path.Combine(outf, CheckpointStore.LatestName);
        var original = File.ReadAllBytes(latest);
        var random = new Random(3);
        for (var trial = 0; trial < 40; trial++)
        {
            var bytes = (byte[])original.Clone();
            var at = random.Next(0, bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(latest, bytes);
            Assert.Throws<CheckpointDamagedException>(() => TrainingCheckpoint.Load(latest));
        }
    }

    [Fact]
    public void Architecture_flags_that_contradict_the_checkpoint_are_usage_errors_naming_the_tensors()
    {
        TrainTwoEpochs();
        var result = CliRunner.Run("train", "--resume", outf, "--ngf", "8", "--device", "cpu");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--ngf 8 (checkpoint: 4)", error);
        Assert.Contains("netG main.0.weight is 8x8x4x4 in the checkpoint but 8x16x4x4", error);
    }

    [Fact]
    public void Harmless_flags_are_applied_and_reported()
    {
        TrainTwoEpochs();
        var result = CliRunner.Run("train", "--resume", outf, "--niter", "3", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--niter 3 replaces the checkpoint's 2", result.Output);
        Assert.Contains("Resuming", result.Output);
        Assert.Contains("[2/3][", result.Output);
        Assert.DoesNotContain("[1/3][", result.Output);
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_2.pth")));
    }

    [Fact]
    public void A_weights_file_given_to_resume_is_explained()
    {
        TrainTwoEpochs();
        var result = CliRunner.Run("train", "--resume", Path.Combine(outf, "netG_epoch_1.pth"), "--device", "cpu");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--netG", result.Errors);
    }

    [Fact]
    public void A_new_run_does_not_overwrite_an_existing_one_unless_asked()
    {
        TrainTwoEpochs();
        var before = File.ReadAllBytes(Path.Combine(outf, "netG_epoch_1.pth"));

        var refused = CliRunner.Run(TrainArgs(1));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--resume", refused.Errors);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(outf, "netG_epoch_1.pth")));

        var replaced = CliRunner.Run(TrainArgs(1, "--overwrite"));
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
    }

    [Fact]
    public void Old_epoch_checkpoints_are_pruned_to_keep()
    {
        var result = CliRunner.Run(TrainArgs(4, "--keep", "2"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var kept = Directory.GetFiles(outf, "checkpoint-epoch-*.pt").Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(new[] { "checkpoint-epoch-2.pt", "checkpoint-epoch-3.pt" }, kept);
    }
}
