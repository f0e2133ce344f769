using DcganSharp.Generation;
using DcganSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Models;

/// <summary>Which image sizes the networks are built for, and that every one of them works end to end.</summary>
public sealed class DcganArchitectureTests
{
    [Theory]
    [InlineData(16, 4, 2)]
    [InlineData(28, 7, 2)]
    [InlineData(32, 4, 3)]
    [InlineData(64, 4, 4)] // the reference
    [InlineData(128, 4, 5)]
    [InlineData(256, 4, 6)]
    [InlineData(20, 5, 2)]
    [InlineData(48, 6, 3)]
    [InlineData(96, 6, 4)]
    [InlineData(112, 7, 4)]
    [InlineData(224, 7, 5)]
    public void A_size_is_a_4_to_7_pixel_stem_doubled_at_least_twice(int size, int stem, int doublings)
    {
        var architecture = new DcganArchitecture(size, 3);
        Assert.True(DcganArchitecture.IsSupportedImageSize(size));
        Assert.Equal((stem, doublings), (architecture.StemSize, architecture.Doublings));
        Assert.Equal(stem << doublings, size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(12)]  // 6 doubled once: too few layers
    [InlineData(36)]  // 9 x 4
    [InlineData(72)]  // 9 x 8
    [InlineData(100)] // 25 x 4
    [InlineData(320)] // over the largest size
    public void Other_sizes_are_refused_with_the_list_of_supported_ones(int size)
    {
        Assert.False(DcganArchitecture.IsSupportedImageSize(size));
        var e = Assert.Throws<ArgumentException>(() => new DcganArchitecture(size, 3).Validate());
        Assert.Contains(DcganArchitecture.SupportedSizes, e.Message);
    }

    [Fact]
    public void The_supported_sizes_are_listed_in_order()
    {
        Assert.Equal([16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256], DcganArchitecture.SupportedSizeList);
        Assert.EndsWith("224 or 256", DcganArchitecture.SupportedSizes);
    }

    [Theory]
    [InlineData(20, 1)]
    [InlineData(48, 3)]
    [InlineData(96, 3)]
    public void Networks_of_a_non_power_of_two_size_train_and_are_recognised_from_their_weights(int size, int channels)
    {
        manual_seed(3);
        var architecture = new DcganArchitecture(size, channels, LatentSize: 12, GeneratorFeatures: 4, DiscriminatorFeatures: 4);
        using var generator = WeightInit.Apply(new DcganGenerator(architecture));
        using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));

        using var images = generator.forward(randn(3, 12, 1, 1));
        using var scores = discriminator.forward(images);
        Assert.Equal(new long[] { 3, channels, size, size }, images.shape);
        Assert.Equal(new long[] { 3 }, scores.shape);
        using var loss = scores.mean();
        loss.backward();
        Assert.All(generator.parameters(), p => Assert.NotNull(p.grad));

        var (role, inferred) = ArchitectureInference.Infer(generator.state_dict(), "generator");
        Assert.Equal((NetworkRole.Generator, architecture with { DiscriminatorFeatures = inferred.DiscriminatorFeatures }), (role, inferred));
        var (discriminatorRole, fromDiscriminator) = ArchitectureInference.Infer(discriminator.state_dict(), "discriminator");
        Assert.Equal(NetworkRole.Discriminator, discriminatorRole);
        Assert.Equal((size, channels, 4), (fromDiscriminator.ImageSize, fromDiscriminator.Channels, fromDiscriminator.DiscriminatorFeatures));
    }
}
