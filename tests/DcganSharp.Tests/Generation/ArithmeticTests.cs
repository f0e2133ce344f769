using DcganSharp.Generation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Generation;

public sealed class ArithmeticTests
{
    [Fact]
    public void The_result_is_the_mean_of_A_minus_the_mean_of_B_plus_the_mean_of_C()
    {
        using var a = tensor(new float[] { 1, 2, 3, 5 }).reshape(2, 2, 1, 1);
        using var b = tensor(new float[] { 10, 10 }).reshape(1, 2, 1, 1);
        using var c = tensor(new float[] { 0, 1, 2, 3, 4, 5 }).reshape(3, 2, 1, 1);

        using var result = LatentArithmetic.Combine(a, b, c);

        using var expected = tensor(new float[] { 2 - 10 + 2, 3.5f - 10 + 3 }).reshape(1, 2, 1, 1);
        TensorAssert.Close(expected, result, 1e-6, "mean(A) - mean(B) + mean(C)");
    }

    [Fact]
    public void Variants_stay_within_the_noise_and_repeat_with_their_seed()
    {
        using var code = randn(1, 16, 1, 1);
        using var variants = LatentArithmetic.Variants(code, 8, 0.25, seed: 4);
        using var again = LatentArithmetic.Variants(code, 8, 0.25, seed: 4);

        Assert.Equal(new long[] { 8, 16, 1, 1 }, variants.shape);
        using var offsets = (variants - code).abs();
        Assert.True(offsets.max().item<float>() <= 0.25f + 1e-6f);
        Assert.True(offsets.max().item<float>() > 0.1f);
        TensorAssert.Close(variants, again, 0, "same seed");
    }
}
