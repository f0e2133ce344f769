using System.Collections;
using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Checkpoints;

/// <summary>
/// A checkpoint written by an earlier dcgan (Fixtures/checkpoints/format2-quality.pt, made by
/// make_format2_checkpoint.sh with the build of commit ff31524) still loads and resumes.
/// </summary>
public sealed class Format2CheckpointTests
{
    static string Fixture => Path.Combine(FixturePaths.Root, "checkpoints", "format2-quality.pt");

    [Fact]
    public void Its_settings_read_back_typed()
    {
        using var checkpoint = TrainingCheckpoint.Load(Fixture);
        var o = checkpoint.Config.Options;

        Assert.Equal((DatasetKind.Fake, DataSplit.Train, DivergencePolicy.Rollback), (o.Dataset, o.Split, o.OnDiverge));
        Assert.Equal((16, 8, 4, 4, 8, 5, 16), (o.ImageSize, o.LatentSize, o.GeneratorFeatures, o.DiscriminatorFeatures, o.BatchSize, o.Seed, o.FakeCount));
        Assert.Equal(TrainingRecipe.Quality with { Augment = Augmentations.Color | Augmentations.Translation }, checkpoint.Config.Recipe);
        Assert.Equal(new TrainingProgress(1, 0, 2, 0, 5), checkpoint.Progress);
    }

    [Fact]
    public void A_bare_resume_trains_on_from_it()
    {
        using var temp = new TempDirectory();
        File.Copy(Fixture, temp.Combine(CheckpointStore.LatestName));

        var result = CliRunner.Run("train", "--resume", temp.Path, "--niter", "2", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Resuming", result.Output);
        Assert.Contains("Recipe: quality: generator average half-life 10000 images, augment color,translation", result.Output);
        Assert.Contains("[1/2][1/2]", result.Output);
        using var resumed = TrainingCheckpoint.Load(temp.Combine(CheckpointStore.LatestName));
        Assert.Equal(new TrainingProgress(2, 0, 4, 0, 5), resumed.Progress);
        Assert.Equal(DivergencePolicy.Rollback, resumed.Config.Options.OnDiverge);
    }

    [Fact]
    public void A_run_with_its_settings_stores_the_same_configuration_text()
    {
        // The settings are typed now, but checkpoints keep writing the words they wrote as strings.
        using var temp = new TempDirectory();
        var result = CliRunner.Run("train", "--dataset", "fake", "--fake-count", "16", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--batch-size", "8", "--niter", "1", "--on-diverge", "rollback", "--augment", "color,translation", "--split", "train", "--manualSeed", "5",
            "--device", "cpu", "--save-every", "0", "--sample-every", "1000", "--outf", temp.Path);
        Assert.True(result.ExitCode == 0, result.ToString());

        Assert.Equal(StoredConfiguration(Fixture), StoredConfiguration(temp.Combine(CheckpointStore.LatestName)));
    }

    /// <summary>The configuration JSON exactly as a checkpoint file holds it.</summary>
    static string StoredConfiguration(string checkpoint)
    {
        using var stream = File.OpenRead(checkpoint);
        var table = (Hashtable)TorchSaveReader.Read(stream)!;
        var config = (string)table["config"]!;
        foreach (var tensor in table.Values.OfType<TorchSharp.torch.Tensor>())
            tensor.Dispose();
        return config;
    }
}
