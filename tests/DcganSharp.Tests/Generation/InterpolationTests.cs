using DcganSharp.Generation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

public sealed class InterpolationTests
{
    [Theory]
    [InlineData(InterpolationMethod.Spherical)]
    [InlineData(InterpolationMethod.Linear)]
    public void Walk_ends_are_the_direct_samples_of_their_codes(InterpolationMethod method)
    {
        using var generator = TinyNetworks.Generator();
        using var sampler = new ImageSampler(generator, CPU);
        using var codes = new LatentCodes(8, 11).Next(3);

        using var walks = LatentWalk.Generate(sampler, codes, steps: 5, method, loop: false, batchSize: 4);
        using var direct = sampler.Generate(codes);

        Assert.Equal(new long[] { 2, 5, 3, 16, 16 }, walks.shape);
        TensorAssert.Close(direct[0], walks[0][0], 1e-6, "start of walk 1");
        TensorAssert.Close(direct[1], walks[0][4], 1e-6, "end of walk 1");
        TensorAssert.Close(direct[1], walks[1][0], 1e-6, "start of walk 2");
        TensorAssert.Close(direct[2], walks[1][4], 1e-6, "end of walk 2");
    }

    [Fact]
    public void Slerp_keeps_the_norm_of_equal_norm_codes_where_a_straight_line_dips()
    {
        manual_seed(3);
        using var a = randn(64);
        using var raw = randn(64);
        using var b = raw * (a.norm() / raw.norm());

        using var spherical = LatentInterpolation.Walk(a, b, 9, InterpolationMethod.Spherical);
        using var linear = LatentInterpolation.Walk(a, b, 9, InterpolationMethod.Linear);
        var sphericalNorms = spherical.flatten(1).norm(1).data<float>().ToArray();
        var linearNorms = linear.flatten(1).norm(1).data<float>().ToArray();
        var norm = a.norm().item<float>();

        Assert.All(sphericalNorms, n => Assert.Equal(norm, n, norm * 1e-5));
        Assert.True(linearNorms[4] < norm * 0.9, $"the straight line's midpoint norm {linearNorms[4]} should dip below {norm}");
        TensorAssert.Close(a.reshape(-1, 1, 1), spherical[0], 0, "slerp start");
        TensorAssert.Close(b.reshape(-1, 1, 1), spherical[8], 0, "slerp end");
    }

    [Fact]
    public void A_looping_path_returns_to_its_first_code_and_its_animation_has_each_step_once()
    {
        using var generator = TinyNetworks.Generator();
        using var sampler = new ImageSampler(generator, CPU);
        using var codes = new LatentCodes(8, 2).Next(3);

        using var walks = LatentWalk.Generate(sampler, codes, steps: 4, InterpolationMethod.Spherical, loop: true, batchSize: 64);
        var frames = LatentWalk.Frames(walks, loop: true, scale: 2);

        Assert.Equal(3, walks.shape[0]);
        TensorAssert.Close(walks[0][0], walks[2][3], 1e-6, "the loop closes");
        Assert.Equal(3 * 3, frames.Count);
        Assert.Equal(new long[] { 32, 32, 3 }, frames[0].shape);
    }
}
