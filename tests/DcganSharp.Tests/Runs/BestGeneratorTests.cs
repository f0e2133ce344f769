using System.Globalization;
using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Runs;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Runs;

/// <summary>
/// `train --eval-every` keeps the generator average with the lowest FID as netG_best.pth, resume
/// honours the best so far, and a run folder then means that file to sample, serve, evaluate and
/// Dcgan.LoadGenerator.
/// </summary>
public sealed class BestGeneratorTests : IDisposable
{
    readonly TempDirectory temp = new();
    readonly TorchThreads threads = new();

    public void Dispose()
    {
        threads.Dispose();
        temp.Dispose();
    }

    // 32 fake 16x16 images in batches of 16: 2 iterations an epoch, so a measurement every 2 iterations
    // falls on each epoch's last step, whose average is also saved as netG_ema_epoch_N.pth. The judge is
    // the default one for RGB data, FID-ResNet18 (a few dozen images at 224x224).
    static string[] Tiny(string outf, int epochs) =>
        ["train", "--dataset", "fake", "--fake-count", "32", "--image-size", "16", "--batch-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--niter", epochs.ToString(CultureInfo.InvariantCulture), "--manual-seed", "3", "--device", "cpu", "--outf", outf,
            "--eval-every", "2", "--eval-samples", "10", "--eval-real-count", "12", "--save-every", "0"];

    static (long Step, int Epoch, double Fid)[] Measurements(string outf) =>
        File.ReadAllLines(Path.Combine(outf, "fid.csv")).Skip(1).Select(line => line.Split(','))
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToArray();

    static void AssertSameWeights(string expected, string actual)
    {
        var a = StateDictFile.Read(expected, "expected");
        var b = StateDictFile.Read(actual, "actual");
        try
        {
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            Assert.All(a.Keys, key => Assert.True(a[key].shape.SequenceEqual(b[key].shape) && a[key].equal(b[key]).all().item<bool>(), $"{key} differs between {expected} and {actual}"));
        }
        finally
        {
            foreach (var tensor in a.Values.Concat(b.Values))
                tensor.Dispose();
        }
    }

    [Fact]
    public void A_run_keeps_the_lowest_fid_average_as_netG_best_and_resume_keeps_the_best_so_far()
    {
        var outf = temp.Combine("run");
        var first = CliRunner.Run(Tiny(outf, epochs: 3));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Judge (FID-ResNet18)", first.Output);

        // The kept weights are the average of the measurement with the lowest FID-ResNet18.
        var measured = Measurements(outf);
        Assert.Equal([1L, 3L, 5L], measured.Select(m => m.Step));
        var lowest = measured.MinBy(m => m.Fid);
        AssertSameWeights(temp.Combine("run", $"netG_ema_epoch_{lowest.Epoch}.pth"), temp.Combine("run", BestGenerator.FileName));
        var record = BestGenerator.Read(outf)!;
        Assert.Equal(("FID-ResNet18", lowest.Fid, lowest.Step + 1, lowest.Epoch), (record.Judge, record.Fid, record.GlobalStep, record.Epoch));
        using (var checkpoint = TrainingCheckpoint.Load(temp.Combine("run", CheckpointStore.LatestName)))
            Assert.Equal(record, checkpoint.Best);

        // Resumed for two more epochs: the best is the lowest of all five measurements, and the file
        // changed only if a new measurement beat the old best.
        var bytesBefore = File.ReadAllBytes(temp.Combine("run", BestGenerator.FileName));
        var resumed = CliRunner.Run("train", "--resume", outf, "--niter", "5", "--device", "cpu");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"Best so far: {record}", resumed.Output);
        var all = Measurements(outf);
        Assert.Equal([1L, 3L, 5L, 7L, 9L], all.Select(m => m.Step));
        var overall = all.MinBy(m => m.Fid);
        var after = BestGenerator.Read(outf)!;
        Assert.Equal(overall.Fid, after.Fid);
        if (overall.Step <= 5)
            Assert.Equal(bytesBefore, File.ReadAllBytes(temp.Combine("run", BestGenerator.FileName)));
        else
            AssertSameWeights(temp.Combine("run", $"netG_ema_epoch_{overall.Epoch}.pth"), temp.Combine("run", BestGenerator.FileName));
        using (var checkpoint = TrainingCheckpoint.Load(temp.Combine("run", CheckpointStore.LatestName)))
            Assert.Equal(after, checkpoint.Best);

        // A run folder now means its best generator, and the tools say so.
        var sampled = CliRunner.Run("sample", outf, "--count", "4", "--out-dir", temp.Combine("samples"), "--device", "cpu");
        Assert.True(sampled.ExitCode == 0, sampled.ToString());
        Assert.Contains($"{BestGenerator.FileName} (16x16x3", sampled.Output);
        Assert.Contains($"the run's best generator, {after}", sampled.Output);
        using var loaded = Dcgan.LoadGenerator(outf);
        Assert.Equal(BestGenerator.FileName, Path.GetFileName(loaded.WeightsPath));
        // Any file can still be named.
        var named = CliRunner.Run("sample", temp.Combine("run", "netG_epoch_4.pth"), "--count", "4", "--out-dir", temp.Combine("named"), "--device", "cpu");
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("netG_epoch_4.pth", named.Output);
    }

    [Fact]
    public void A_better_best_than_the_checkpoints_is_not_overwritten_by_a_worse_measurement_on_resume()
    {
        var outf = temp.Combine("run");
        Assert.Equal(0, CliRunner.Run(Tiny(outf, epochs: 1)).ExitCode);
        // As if the run had measured a better generator after its last checkpoint, then stopped.
        var claimed = new BestGenerator("FID-ResNet18", 0.001, 2, 0);
        claimed.Write(outf);
        var bytes = File.ReadAllBytes(temp.Combine("run", BestGenerator.FileName));

        var resumed = CliRunner.Run("train", "--resume", outf, "--niter", "2", "--device", "cpu");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("best stays 0.00 at step 2", resumed.Output);
        Assert.Equal(bytes, File.ReadAllBytes(temp.Combine("run", BestGenerator.FileName)));
        Assert.Equal(claimed, BestGenerator.Read(outf));
    }

    [Fact]
    public void The_keeper_replaces_only_on_a_strictly_lower_fid_of_its_own_judge()
    {
        var outf = temp.Folder("keeper");
        var notes = new List<string>();
        using var generator = TinyNetworks.Generator();
        var keeper = new BestGeneratorKeeper(outf, "FID-ResNet18", remembered: null, notes.Add);

        Assert.True(keeper.Offer(50, 10, 0, generator));
        Assert.False(keeper.Offer(50, 20, 0, generator));
        Assert.False(keeper.Offer(double.NaN, 30, 1, generator));
        Assert.True(keeper.Offer(40, 40, 1, generator));
        Assert.Equal(new BestGenerator("FID-ResNet18", 40, 40, 1), keeper.Current);
        Assert.Equal(keeper.Current, BestGenerator.Read(outf));
        Assert.True(File.Exists(Path.Combine(outf, BestGenerator.FileName)));

        // A resumed run remembers the better of its checkpoint's record and netG_best.json.
        Assert.Equal(40, new BestGeneratorKeeper(outf, "FID-ResNet18", new BestGenerator("FID-ResNet18", 45, 30, 1), notes.Add).Current!.Fid);
        Assert.Equal(35, new BestGeneratorKeeper(outf, "FID-ResNet18", new BestGenerator("FID-ResNet18", 35, 50, 2), notes.Add).Current!.Fid);
        Assert.Empty(notes);

        // Another judge's FID is another measure: it does not count, and the user is told.
        var other = new BestGeneratorKeeper(outf, "FID-LeNet", new BestGenerator("FID-ResNet18", 40, 40, 1), notes.Add);
        Assert.Null(other.Current);
        Assert.Contains("FID-ResNet18 40.00", Assert.Single(notes));
        Assert.True(other.Offer(900, 50, 2, generator));
    }
}
