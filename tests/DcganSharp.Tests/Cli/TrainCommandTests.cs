using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("train-cli-").FullName;

    public void Dispose() => Directory.Delete(outf, recursive: true);

    [Fact]
    public void Dry_run_on_fake_data_writes_the_reference_outputs()
    {
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "16", "--ngf", "8", "--ndf", "8",
            "--batch-size", "8", "--outf", outf, "--manualSeed", "4", "--device", "cpu", "--recipe", "reference");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Random Seed: 4", result.Output);
        Assert.Matches(@"\[0/1\]\[0/\d+\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} D\(x\): \d\.\d{4} D\(G\(z\)\): \d\.\d{4} / \d\.\d{4}", result.Output);
        Assert.Single(result.Output.Split('\n'), line => line.StartsWith("[0/1]", StringComparison.Ordinal));
        foreach (var file in new[] { "real_samples.png", "fake_samples_epoch_000.png", "netG_epoch_0.pth", "netD_epoch_0.pth", "checkpoint.pt", "checkpoint-epoch-0.pt", "metrics.csv", "losses.png", "progress.gif" })
            Assert.True(File.Exists(Path.Combine(outf, file)), $"{file} missing; {result}");
        Assert.Equal(9, Directory.GetFiles(outf).Length);
        Assert.Contains("Recipe: reference (pytorch/examples)", result.Output);
    }

    [Fact]
    public void Beta2_reaches_both_Adam_optimizers_is_kept_by_the_checkpoint_and_can_be_changed_on_resume()
    {
        string[] Args(params string[] extra) =>
        [
            "train", "--dataset", "fake", "--fake-count", "16", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--batch-size", "8", "--outf", outf, "--manualSeed", "4", "--device", "cpu", .. extra,
        ];
        static double Beta2(System.Collections.IDictionary optimizer) =>
            Convert.ToDouble(((System.Collections.IList)((System.Collections.IDictionary)((System.Collections.IList)optimizer["param_groups"]!)[0]!)["betas"]!)[1], System.Globalization.CultureInfo.InvariantCulture);
        (double Stored, double G, double D) Read()
        {
            using var checkpoint = DcganSharp.Checkpoints.TrainingCheckpoint.Load(Path.Combine(outf, "checkpoint.pt"));
            return (checkpoint.Config.Options.Beta2, Beta2(checkpoint.GeneratorOptimizer), Beta2(checkpoint.DiscriminatorOptimizer));
        }

        var first = CliRunner.Run(Args("--niter", "1", "--beta2", "0.9"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal((0.9, 0.9, 0.9), Read());

        var kept = CliRunner.Run("train", "--resume", outf, "--niter", "2");
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Equal((0.9, 0.9, 0.9), Read());

        var changed = CliRunner.Run("train", "--resume", outf, "--niter", "3", "--beta2", "0.95");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("--beta2 0.95 replaces the checkpoint's 0.9 (the resumed run will not repeat the original one exactly)", changed.Output);
        Assert.Equal((0.95, 0.95, 0.95), Read());

        var refused = CliRunner.Run(Args("--niter", "1", "--beta2", "1", "--overwrite"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--beta2 must be in [0, 1), got 1", refused.Errors);
    }

    [Fact]
    public void The_quality_recipe_is_the_default_saves_the_average_beside_the_generator_and_sample_prefers_it()
    {
        var result = CliRunner.Run("train", "--dataset", "fake", "--fake-count", "16", "--niter", "1", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--batch-size", "8", "--outf", outf, "--manualSeed", "4", "--device", "cpu", "--augment", "translation,cutout", "--r1-gamma", "0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Recipe: quality: generator average half-life 10000 images, augment translation,cutout", result.Output);
        Assert.Contains(", R1 gamma 0.5", result.Output);
        Assert.Equal(10, Directory.GetFiles(outf).Length);
        var raw = StateDictFile.Read(Path.Combine(outf, "netG_epoch_0.pth"));
        var average = StateDictFile.Read(Path.Combine(outf, "netG_ema_epoch_0.pth"));
        Assert.Equal(raw.Keys.Order(), average.Keys.Order());
        // Two steps of a half-life ramped up to 5% of the images seen: the average lags the generator.
        Assert.True((raw["main.0.weight"] - average["main.0.weight"]).abs().max().item<float>() > 0);

        using (var checkpoint = DcganSharp.Checkpoints.TrainingCheckpoint.Load(Path.Combine(outf, "checkpoint.pt")))
        {
            Assert.Equal(Augmentations.Translation | Augmentations.Cutout, checkpoint.Config.Recipe!.Augment);
            Assert.Equal(0.5, checkpoint.Config.Recipe.R1Gamma);
            Assert.NotNull(checkpoint.GeneratorAverage);
            TensorAssert.StateDictsClose(average, checkpoint.GeneratorAverage!, 0, "netG_ema in the checkpoint");
        }

        // A run folder or its checkpoint samples the average; an explicit netG_epoch_N.pth samples that file.
        var fromRun = CliRunner.Run("sample", outf, "--count", "4", "--out-dir", Path.Combine(outf, "s1"), "--device", "cpu", "--seed", "1");
        var fromAverage = CliRunner.Run("sample", Path.Combine(outf, "netG_ema_epoch_0.pth"), "--count", "4", "--out-dir", Path.Combine(outf, "s2"), "--device", "cpu", "--seed", "1");
        var fromRaw = CliRunner.Run("sample", Path.Combine(outf, "netG_epoch_0.pth"), "--count", "4", "--out-dir", Path.Combine(outf, "s3"), "--device", "cpu", "--seed", "1");
        Assert.True(fromRun.ExitCode == 0 && fromAverage.ExitCode == 0 && fromRaw.ExitCode == 0, $"{fromRun}\n{fromAverage}\n{fromRaw}");
        byte[] First(string folder) => File.ReadAllBytes(Directory.GetFiles(Path.Combine(outf, folder)).Order().First());
        Assert.Equal(First("s2"), First("s1"));
        Assert.NotEqual(First("s3"), First("s1"));
    }

    [Theory]
    [InlineData("quality", 2)]   // batches of 32
    [InlineData("reference", 1)] // batches of 64, as pytorch/examples
    public void Each_recipe_has_its_own_default_batch_size(string recipe, int batches)
    {
        var result = CliRunner.Run("train", "--dataset", "fake", "--fake-count", "64", "--dry-run", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--outf", outf, "--device", "cpu", "--recipe", recipe);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[0/1][0/{batches}] Loss_D", result.Output);
    }

    [Theory]
    [InlineData("quality", 32)]   // half the reference's width: twice the epochs in the same time
    [InlineData("reference", 64)] // as pytorch/examples
    public void Each_recipe_has_its_own_default_discriminator_width(string recipe, int ndf)
    {
        var result = CliRunner.Run("train", "--dataset", "fake", "--fake-count", "16", "--dry-run", "--image-size", "16", "--ngf", "4", "--nz", "8",
            "--outf", outf, "--device", "cpu", "--recipe", recipe);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Discriminator: 16x16x3, nz=8, ngf=4, ndf={ndf},", result.Output);
    }

    [Fact]
    public void Without_ndf_a_pytorch_discriminator_is_trained_at_its_own_width()
    {
        // The fixture's netD is 64x64x3 with ndf 8: neither recipe's default.
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "64", "--ngf", "8",
            "--batch-size", "4", "--outf", outf, "--seed", "1", "--device", "cpu", "--netD", FixturePaths.Parity("reference64", "d_init.pth"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ndf=8,", result.Output);
    }

    [Fact]
    public void A_folder_trains_at_48x48_and_its_generator_samples_at_that_size()
    {
        var photos = Directory.CreateDirectory(Path.Combine(outf, "photos")).FullName;
        for (var i = 0; i < 6; i++)
        {
            using var bitmap = Support.ImageFixtures.Gradient(60 + 10 * i, 50);
            Support.ImageFixtures.Save(bitmap, Path.Combine(photos, $"photo{i}.jpg"), SkiaSharp.SKEncodedImageFormat.Jpeg);
        }
        var run = Path.Combine(outf, "run");

        var trained = CliRunner.Run("train", "--dataset", "folder", "--dataroot", photos, "--image-size", "48", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--batch-size", "3", "--niter", "1", "--outf", run, "--device", "cpu");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var grid = Path.Combine(outf, "grid.png");
        var sampled = CliRunner.Run("sample", run, "--count", "2", "--per-row", "2", "--grid", grid, "--device", "cpu");
        Assert.True(sampled.ExitCode == 0, sampled.ToString());
        Assert.Contains("(48x48x3, nz=8, ngf=4)", sampled.Output);
        using var image = SkiaSharp.SKBitmap.Decode(grid);
        Assert.Equal((2 * 50 + 2, 50 + 2), (image.Width, image.Height)); // two 48 px images, 2 px padding
    }

    [Fact]
    public void Resuming_a_finished_run_says_there_is_nothing_to_train_and_how_to_train_more()
    {
        var first = CliRunner.Run("train", "--dataset", "fake", "--fake-count", "16", "--niter", "1", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
            "--batch-size", "8", "--outf", outf, "--device", "cpu");
        Assert.True(first.ExitCode == 0, first.ToString());
        var checkpoint = File.ReadAllBytes(Path.Combine(outf, "checkpoint.pt"));

        var again = CliRunner.Run("train", "--resume", outf);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Nothing to train: the run already finished its 1 epoch(s); resume with --niter 6", again.Output);
        Assert.DoesNotContain("Loss_D", again.Output);
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(outf, "checkpoint.pt")));
    }

    [Fact]
    public void A_folder_of_one_image_is_one_clear_error()
    {
        var photos = Directory.CreateDirectory(Path.Combine(outf, "one")).FullName;
        using (var bitmap = Support.ImageFixtures.Gradient(20, 20))
            Support.ImageFixtures.Save(bitmap, Path.Combine(photos, "only.png"), SkiaSharp.SKEncodedImageFormat.Png);

        var result = CliRunner.Run("train", "--dataset", "folder", "--dataroot", photos, "--image-size", "16", "--ngf", "4", "--ndf", "4",
            "--outf", Path.Combine(outf, "run"), "--device", "cpu");

        result.AssertOneLineError(1, "the dataset has 1 image(s); training needs at least 2");
    }

    [Fact]
    public void Train_without_a_dataset_says_which_ones_there_are()
    {
        var result = CliRunner.Run("train", "--outf", outf);
        result.AssertOneLineError(2, "--dataset is required: mnist, fashion-mnist, cifar10, folder, celeba or fake");
    }

    [Fact]
    public void No_tf32_is_a_documented_flag_that_leaves_cpu_training_unchanged()
    {
        Assert.Contains("--no-tf32", CliRunner.Run("train", "--help").Output);
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "16", "--ngf", "4", "--ndf", "4",
            "--fake-count", "16", "--batch-size", "8", "--device", "cpu", "--seed", "3", "--no-tf32", "--outf", outf);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Using device: cpu", result.Output);
    }

    [Fact]
    public void Same_seed_gives_the_same_losses_and_weights()
    {
        string[] Args(string folder) => ["train", "--dataset", "fake", "--niter", "1", "--fake-count", "24", "--image-size", "16",
            "--ngf", "4", "--ndf", "4", "--batch-size", "8", "--outf", folder, "--seed", "77", "--device", "cpu"];
        var second = Path.Combine(outf, "second");
        var a = CliRunner.Run(Args(outf));
        var b = CliRunner.Run(Args(second));

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a + "\n" + b);
        string Losses(CliRunner.Result r) => string.Join('\n', r.Output.Split('\n').Where(l => l.StartsWith('[')));
        Assert.Equal(Losses(a), Losses(b));
        Assert.Equal(3, Losses(a).Split('\n').Length);
        var first = StateDictFile.Read(Path.Combine(outf, "netG_epoch_0.pth"));
        var again = StateDictFile.Read(Path.Combine(second, "netG_epoch_0.pth"));
        TensorAssert.StateDictsClose(first, again, 0, "netG after one epoch");
    }

    [Fact]
    public void Starts_from_a_generator_saved_by_pytorch()
    {
        // The parity fixture is a reference-shaped 64x64x3 generator (nz 100, ngf 8) written by torch.save.
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "64", "--ngf", "8", "--ndf", "8",
            "--batch-size", "4", "--outf", outf, "--seed", "1", "--device", "cpu",
            "--netG", FixturePaths.Parity("reference64", "g_init.pth"), "--netD", FixturePaths.Parity("reference64", "d_init.pth"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Weights_for_another_architecture_fail_with_exit_code_1_and_a_one_line_reason()
    {
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "64", "--ngf", "16", "--ndf", "8",
            "--outf", outf, "--device", "cpu", "--netG", FixturePaths.Parity("reference64", "g_init.pth"));
        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("g_init.pth", error);
        Assert.Contains("main.0.weight", error);
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "1")]
    [InlineData("--batch-size", "abc")]
    [InlineData("--image-size", "36")]
    [InlineData("--image-size", "-64")]
    [InlineData("--nz", "0")]
    [InlineData("--ngf", "-1")]
    [InlineData("--niter", "0")]
    [InlineData("--lr", "-0.1")]
    [InlineData("--lr", "NaN")]
    [InlineData("--beta1", "1.5")]
    [InlineData("--workers", "-2")]
    [InlineData("--manualSeed", "-5")]
    [InlineData("--device", "tpu")]
    [InlineData("--dataset", "imagenet-21k")]
    [InlineData("--no-such-flag", "1")]
    [InlineData("--batch-size", "100000000")]
    [InlineData("--image-size", "1024")]
    [InlineData("--image-size", "0")]
    [InlineData("--nz", "1000000")]
    [InlineData("--ngf", "100000")]
    [InlineData("--ndf", "0")]
    [InlineData("--niter", "10000000")]
    [InlineData("--niter", "-3")]
    [InlineData("--lr", "1e9")]
    [InlineData("--lr", "0")]
    [InlineData("--beta1", "-0.5")]
    [InlineData("--workers", "100000")]
    [InlineData("--ngpu", "0")]
    [InlineData("--sample-every", "0")]
    [InlineData("--log-every", "0")]
    [InlineData("--fake-count", "1")]
    [InlineData("--fake-count", "99999999999")]
    [InlineData("--save-every", "-1")]
    [InlineData("--keep", "0")]
    [InlineData("--on-diverge", "panic")]
    [InlineData("--collapse-patience", "0")]
    [InlineData("--collapse-margin", "0")]
    [InlineData("--collapse-margin", "2")]
    [InlineData("--max-rollbacks", "-1")]
    [InlineData("--netG", "/nonexistent/netG_epoch_3.pth")]
    [InlineData("--netD", "/tmp")]
    [InlineData("--resume", "/nonexistent/run")]
    [InlineData("--manualSeed", "1.5")]
    [InlineData("--device", "")]
    [InlineData("--recipe", "fancy")]
    [InlineData("--augment", "flip")]
    [InlineData("--ema-half-life", "-1")]
    [InlineData("--lr-d", "0")]
    [InlineData("--label-smoothing", "0.7")]
    [InlineData("--r1-gamma", "-1")]
    public void Bad_flag_values_are_usage_errors(string flag, string value)
    {
        var args = new List<string> { "train", "--dataset", "fake", "--outf", outf, "--device", "cpu", "--dry-run" };
        var at = args.IndexOf(flag);
        if (at >= 0)
            args[at + 1] = value;
        else
            args.AddRange([flag, value]);

        var result = CliRunner.Run([.. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Empty(Directory.GetFiles(outf));
    }

    [Fact]
    public void Missing_dataroot_for_a_real_dataset_is_a_usage_error()
    {
        var result = CliRunner.Run("train", "--dataset", "mnist", "--outf", outf);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dataroot", result.Errors);
    }

    [Fact]
    public void Unwritable_output_folder_is_reported_before_training()
    {
        var blocker = Path.Combine(outf, "file");
        File.WriteAllText(blocker, "not a folder");
        var result = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--outf", Path.Combine(blocker, "sub"), "--device", "cpu");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--outf", result.Errors);
        Assert.Equal("not a folder", File.ReadAllText(blocker));
    }
}
