using DcganSharp.Models.FastPaths;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace DcganSharp.Training;

/// <summary>
/// Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient
/// GAN Training"): the same kind of random transform is applied to every image D sees, real or
/// generated, and G's gradient flows back through it, so D cannot memorise a small dataset while
/// G still learns the un-augmented images. Every random draw comes from libtorch's global
/// generator, so a run is repeatable for a given seed and a resumed run continues the same stream.
/// </summary>
internal static class DiffAugment
{
    const double TranslationRatio = 0.125;
    const double CutoutRatio = 0.5;

    /// <summary>A new tensor: <paramref name="images"/> (N x C x H x W, values in about [-1, 1]) transformed, each image its own way.</summary>
    public static Tensor Apply(Tensor images, Augmentations augment)
    {
        if (augment == Augmentations.None)
            return images.alias();
        using var scope = NewDisposeScope();
        var x = images;
        if (augment.HasFlag(Augmentations.Color))
            x = Color(x);
        if (augment.HasFlag(Augmentations.Translation))
            x = Translate(x);
        if (augment.HasFlag(Augmentations.Cutout))
            x = Cutout(x);
        // Keep the layout the networks train in (channels-last on the CPU), so D's first convolution sees what it saw before.
        if (images.device_type == DeviceType.CPU && !x.is_contiguous())
            x = Models.FastPaths.ChannelsLast.Of(x);
        return x.MoveToOuterDisposeScope();
    }

    static Tensor Color(Tensor x)
    {
        var n = x.shape[0];
        // brightness: add U(-0.5, 0.5)
        x = x + (rand(n, 1, 1, 1, dtype: x.dtype, device: x.device) - 0.5);
        // saturation: scale the distance from the pixel's grey by U(0, 2); a grey image has none
        if (x.shape[1] > 1)
        {
            var grey = x.mean([1], keepdim: true);
            x = (x - grey) * (rand(n, 1, 1, 1, dtype: x.dtype, device: x.device) * 2) + grey;
        }
        // contrast: scale the distance from the image's mean by U(0.5, 1.5)
        var mean = x.mean([1, 2, 3], keepdim: true);
        return (x - mean) * (rand(n, 1, 1, 1, dtype: x.dtype, device: x.device) + 0.5) + mean;
    }

    static Tensor Translate(Tensor x)
    {
        var (n, height, width) = (x.shape[0], x.shape[2], x.shape[3]);
        var maxY = (long)(height * TranslationRatio + 0.5);
        var maxX = (long)(width * TranslationRatio + 0.5);
        var shiftY = randint(-maxY, maxY + 1, [n], dtype: x.dtype, device: x.device);
        var shiftX = randint(-maxX, maxX + 1, [n], dtype: x.dtype, device: x.device);
        // An affine grid that samples pixel (i - dy, j - dx) for output pixel (i, j): whole-pixel
        // shifts land exactly on pixel centres, so nearest sampling copies pixels and its gradient
        // routes each output's gradient back to the pixel it came from.
        var zero = zeros(n, dtype: x.dtype, device: x.device);
        var one = ones(n, dtype: x.dtype, device: x.device);
        var theta = stack([one, zero, -shiftX * (2.0 / width), zero, one, -shiftY * (2.0 / height)], 1).reshape(n, 2, 3);
        var grid = F.affine_grid(theta, [n, x.shape[1], height, width], align_corners: false);
        return F.grid_sample(x, grid, mode: GridSampleMode.Nearest, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
    }

    static Tensor Cutout(Tensor x)
    {
        var (n, height, width) = (x.shape[0], x.shape[2], x.shape[3]);
        var sizeY = (long)(height * CutoutRatio + 0.5);
        var sizeX = (long)(width * CutoutRatio + 0.5);
        // The square's centre anywhere in the image, so it may hang over an edge.
        var centreY = randint(0, height + (1 - sizeY % 2), [n, 1, 1], device: x.device);
        var centreX = randint(0, width + (1 - sizeX % 2), [n, 1, 1], device: x.device);
        var rows = arange(height, device: x.device).reshape(1, height, 1);
        var columns = arange(width, device: x.device).reshape(1, 1, width);
        var top = centreY - sizeY / 2;
        var left = centreX - sizeX / 2;
        var inside = (rows >= top).logical_and(rows < top + sizeY).logical_and(columns >= left).logical_and(columns < left + sizeX);
        var keep = inside.logical_not().to(x.dtype).unsqueeze(1); // N x 1 x H x W
        return x * keep;
    }

    /// <summary>
    /// "none", "all", or a comma-separated list of color, translation and cutout (case-insensitive).
    /// </summary>
    public static Augmentations Parse(string text)
    {
        var result = Augmentations.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part.ToLowerInvariant() switch
            {
                "none" or "off" => Augmentations.None,
                "all" => Augmentations.All,
                "color" or "colour" => Augmentations.Color,
                "translation" or "translate" => Augmentations.Translation,
                "cutout" => Augmentations.Cutout,
                _ => throw new ArgumentException($"unknown augmentation '{part}'; use none, all, or a comma-separated list of color, translation and cutout"),
            };
        }
        return result;
    }

    /// <summary>The inverse of <see cref="Parse"/>: "none", or e.g. "translation,cutout".</summary>
    public static string Describe(Augmentations augment)
    {
        if (augment == Augmentations.None)
            return "none";
        var parts = new List<string>();
        if (augment.HasFlag(Augmentations.Color))
            parts.Add("color");
        if (augment.HasFlag(Augmentations.Translation))
            parts.Add("translation");
        if (augment.HasFlag(Augmentations.Cutout))
            parts.Add("cutout");
        return string.Join(",", parts);
    }
}
