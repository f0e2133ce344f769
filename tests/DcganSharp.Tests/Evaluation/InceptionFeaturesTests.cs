using DcganSharp.Evaluation;
using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

/// <summary>
/// The Inception-v3 path with random weights (real ones cannot be downloaded here): a file in
/// pytorch-fid's layout (no auxiliary head, a 1008-class classifier) loads, and features are 2048-d.
/// One network serves every check, since building and saving one takes seconds.
/// </summary>
public sealed class InceptionFeaturesTests
{
    [Fact]
    public void Random_weights_in_pytorch_fid_layout_load_from_a_pth_and_give_2048_d_features()
    {
        using var threads = new TorchThreads();
        var folder = Directory.CreateTempSubdirectory("inception-").FullName;
        try
        {
            using var random = torchvision.models.inception_v3(num_classes: 1008);
            AssertTorchvisionLayout(random.state_dict());
            var state = random.state_dict().Where(p => !p.Key.StartsWith("AuxLogits.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
            var path = Path.Combine(folder, "pt_inception.pth");
            StateDictFile.Save(state, path);

            using var inception = InceptionFeatures.Load(path);
            using var scope = NewDisposeScope();
            manual_seed(2);
            using var rgb = inception.Extract(rand(1, 3, 32, 32) * 2 - 1);
            using var gray = inception.Extract(rand(1, 1, 28, 28) * 2 - 1);

            Assert.Equal(new long[] { 1, 2048 }, rgb.Features.shape);
            Assert.Equal(new long[] { 1, 2048 }, gray.Features.shape);
            Assert.Null(rgb.Classes);
            Assert.True(rgb.Features.isfinite().all().item<bool>());
            // Pool features follow a ReLU: non-negative, and not all zero.
            Assert.True(rgb.Features.min().item<float>() >= 0 && rgb.Features.max().item<float>() > 0);
            Assert.Empty(inception.ClassNames);
            Assert.StartsWith("inception-v3:", inception.Identity);

            // A layer missing from the weights is named in a one-line error.
            state.Remove("Mixed_7c.branch_pool.conv.weight");
            var error = Assert.Throws<DcganException>(() => InceptionFeatures.FromStateDict(state, "weights 'w.pth'", "id"));
            Assert.Contains("Mixed_7c.branch_pool.conv.weight is missing", error.Message);
            Assert.Contains("w.pth", error.Message);

            // Channels other than gray or RGB are a usage error.
            Assert.Equal(2, Assert.Throws<DcganException>(() => inception.CheckChannels(4, "generator 'g.pth'")).ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// TorchSharp's Inception3 has torchvision's parameter names and shapes (the list made by
    /// Fixtures/evaluation/make_inception_keys.py), so real torchvision/pytorch-fid files load.
    /// The classifiers differ only in their class count.
    /// </summary>
    static void AssertTorchvisionLayout(Dictionary<string, Tensor> state)
    {
        static bool Compared(string key) => !key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);
        static bool IsClassifier(string key) => key.StartsWith("fc.", StringComparison.Ordinal) || key.StartsWith("AuxLogits.fc.", StringComparison.Ordinal);
        var expected = File.ReadAllLines(Path.Combine(FixturePaths.Root, "evaluation", "inception_v3_keys.txt"))
            .Select(line => line.Split('\t'))
            .Where(f => Compared(f[0]))
            .ToDictionary(f => f[0], f => f[1]);
        var actual = state.Where(p => Compared(p.Key)).ToDictionary(p => p.Key, p => string.Join("x", p.Value.shape));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected.Where(p => !IsClassifier(p.Key)), p => Assert.True(p.Value == actual[p.Key], $"{p.Key}: {actual[p.Key]}, torchvision {p.Value}"));
    }
}
