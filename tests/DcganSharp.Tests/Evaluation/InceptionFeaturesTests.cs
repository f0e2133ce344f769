using DcganSharp.Evaluation;
using DcganSharp.Interop;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

/// <summary>
/// The Inception-v3 path with random weights (real ones cannot be downloaded here): a file in
/// pytorch-fid's layout (no auxiliary head, a 1008-class classifier) loads, and features are 2048-d.
/// </summary>
public sealed class InceptionFeaturesTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("inception-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Random_weights_in_pytorch_fid_layout_give_2048_d_features_for_gray_and_rgb_images()
    {
        var path = Path.Combine(folder, "pt_inception.pth");
        WriteRandomWeights(path, dropKey: null);

        using var inception = InceptionFeatures.Load(path);
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var rgb = inception.Extract(rand(2, 3, 32, 32) * 2 - 1);
        using var gray = inception.Extract(rand(1, 1, 28, 28) * 2 - 1);

        Assert.Equal(new long[] { 2, 2048 }, rgb.Features.shape);
        Assert.Equal(new long[] { 1, 2048 }, gray.Features.shape);
        Assert.Null(rgb.Classes);
        Assert.True(rgb.Features.isfinite().all().item<bool>());
        // Pool features follow a ReLU: non-negative, and not all zero.
        Assert.True(rgb.Features.min().item<float>() >= 0 && rgb.Features.max().item<float>() > 0);
        Assert.Empty(inception.ClassNames);
        Assert.StartsWith("inception-v3:", inception.Identity);
    }

    [Fact]
    public void A_file_missing_a_layer_is_rejected_naming_it()
    {
        var path = Path.Combine(folder, "broken.pth");
        WriteRandomWeights(path, dropKey: "Mixed_7c.branch_pool.conv.weight");

        var error = Assert.Throws<DcganException>(() => InceptionFeatures.Load(path));
        Assert.Contains("Mixed_7c.branch_pool.conv.weight is missing", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Channels_other_than_gray_or_rgb_are_a_usage_error()
    {
        var path = Path.Combine(folder, "w.pth");
        WriteRandomWeights(path, dropKey: null);
        using var inception = InceptionFeatures.Load(path);
        var error = Assert.Throws<DcganException>(() => inception.CheckChannels(4, "generator 'g.pth'"));
        Assert.Equal(2, error.ExitCode);
    }

    /// <summary>A randomly initialised torchvision-layout Inception3 without AuxLogits, with pytorch-fid's 1008-class fc.</summary>
    static void WriteRandomWeights(string path, string? dropKey)
    {
        using var network = torchvision.models.inception_v3(num_classes: 1008);
        var state = network.state_dict()
            .Where(p => !p.Key.StartsWith("AuxLogits.", StringComparison.Ordinal) && p.Key != dropKey)
            .ToDictionary(p => p.Key, p => p.Value);
        StateDictFile.Save(state, path);
    }
}
