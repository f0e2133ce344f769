using DcganSharp.Training;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Training;

public sealed class DiffAugmentTests
{
    static Tensor Images(int channels = 3, int size = 16)
    {
        manual_seed(5);
        return rand(4, channels, size, size) * 2 - 1;
    }

    [Theory]
    [InlineData("Color", 3)]
    [InlineData("Color", 1)]
    [InlineData("Translation", 3)]
    [InlineData("Cutout", 1)]
    [InlineData("All", 3)]
    public void Keeps_the_shape_changes_the_images_and_passes_gradients_back(string augmentName, int channels)
    {
        var augment = Enum.Parse<Augmentations>(augmentName);
        using var images = Images(channels).requires_grad_(true);
        using var augmented = DiffAugment.Apply(images, augment);
        Assert.Equal(images.shape, augmented.shape);
        Assert.True((augmented - images).abs().max().item<float>() > 0.01f, "the images were not changed");

        using var loss = augmented.square().sum();
        loss.backward();
        Assert.NotNull(images.grad);
        Assert.True(images.grad!.abs().sum().item<float>() > 0, "no gradient reached the input");
    }

    [Fact]
    public void The_same_seed_gives_the_same_transform_and_another_seed_another()
    {
        using var images = Images();
        manual_seed(11);
        using var first = DiffAugment.Apply(images, Augmentations.All);
        manual_seed(11);
        using var again = DiffAugment.Apply(images, Augmentations.All);
        manual_seed(12);
        using var other = DiffAugment.Apply(images, Augmentations.All);
        Assert.Equal(first.contiguous().data<float>().ToArray(), again.contiguous().data<float>().ToArray());
        Assert.NotEqual(first.contiguous().data<float>().ToArray(), other.contiguous().data<float>().ToArray());
    }

    [Fact]
    public void Translation_moves_whole_pixels_and_fills_the_border_with_zero()
    {
        // A single bright pixel per image: after a shift it is still exactly one pixel of the same value.
        using var images = full(8, 1, 16, 16, -1f);
        images[.., .., 8, 8] = tensor(1f);
        manual_seed(3);
        using var shifted = DiffAugment.Apply(images, Augmentations.Translation).contiguous();
        for (var i = 0; i < 8; i++)
        {
            var pixels = shifted[i, 0].data<float>().ToArray();
            Assert.Single(pixels, v => v == 1f);
            // Everything else is the old background or the zero border, nothing in between.
            Assert.All(pixels, v => Assert.True(v is -1f or 0f or 1f, $"value {v}"));
            var at = Array.IndexOf(pixels, 1f);
            Assert.InRange(at / 16, 8 - 2, 8 + 2);  // at most an eighth of 16 pixels
            Assert.InRange(at % 16, 8 - 2, 8 + 2);
        }
    }

    [Fact]
    public void Cutout_zeroes_at_most_a_square_of_half_the_side()
    {
        using var images = ones(16, 1, 16, 16);
        manual_seed(9);
        using var cut = DiffAugment.Apply(images, Augmentations.Cutout).contiguous();
        for (var i = 0; i < 16; i++)
        {
            var zeros = cut[i, 0].eq(0).sum().item<long>();
            Assert.InRange(zeros, 1, 8 * 8);
        }
        // Somewhere the whole square lies inside the image.
        Assert.Contains(Enumerable.Range(0, 16), i => cut[i, 0].eq(0).sum().item<long>() == 64);
    }

    [Fact]
    public void None_changes_nothing_and_the_names_round_trip()
    {
        using var images = Images();
        using var same = DiffAugment.Apply(images, Augmentations.None);
        Assert.Equal(images.data<float>().ToArray(), same.data<float>().ToArray());

        Assert.Equal(Augmentations.All, DiffAugment.Parse("translation, cutout,COLOR"));
        Assert.Equal(Augmentations.None, DiffAugment.Parse("none"));
        Assert.Equal(Augmentations.Translation | Augmentations.Cutout, DiffAugment.Parse(DiffAugment.Describe(Augmentations.Translation | Augmentations.Cutout)));
        Assert.Throws<ArgumentException>(() => DiffAugment.Parse("flip"));
    }
}
