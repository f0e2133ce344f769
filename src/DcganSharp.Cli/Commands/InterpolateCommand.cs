using System.CommandLine;
using DcganSharp.Generation;
using DcganSharp.Imaging;
using static DcganSharp.Cli.Commands.OptionFactory;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan interpolate`: latent walks as a grid (one walk per row) and an animation.</summary>
internal static class InterpolateCommand
{
    public const string DefaultGrid = "interpolation.png";
    public const string DefaultAnimation = "interpolation.gif";

    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var common = new GeneratorOptions(classes: true);
        var seeds = Optional<string>("--seeds", "Walk through one code per seed, in order (each is image 0 of `dcgan sample --seed S`), e.g. --seeds 3,8,21");
        var seed = Optional<long?>("--seed", "Take the codes from `dcgan sample --seed S` (random and printed when neither this nor --seeds is given)", "--manual-seed");
        var count = WithDefault("--count", "With --seed: walk through its first N codes", 4);
        var indices = Optional<string>("--indices", "With --seed: walk through the codes of these sample indices, e.g. --indices 5,12,40");
        var steps = WithDefault("--steps", "Images per walk, both ends included", 10);
        var method = WithDefault("--method", "slerp (great circle, keeps the codes' norm) or linear", "slerp");
        method.AcceptOnlyFromAmong("slerp", "linear");
        var loop = Flag("--loop", "Walk from the last code back to the first as well");
        var grid = Optional<string>("--grid", $"Write the walks as a PNG grid, one walk per row ({DefaultGrid} by default)");
        var animation = Optional<string>("--animation", $"Write the whole path as an animation: {AnimationFile.SupportedExtensions} ({DefaultAnimation} by default)", "--gif");
        var fps = WithDefault("--fps", "Animation frames per second", 8);
        var scale = WithDefault("--scale", "Enlarge animation frames this many times (nearest neighbour)", 2);

        var command = new Command("interpolate", "Walk between latent codes (DCGAN paper, Figure 4): a grid and an animated GIF")
        {
            seeds, seed, count, indices, steps, method, loop, grid, animation, fps, scale,
        };
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            var stepCount = parsed.GetValue(steps);
            if (stepCount is < 2 or > 1000)
                throw DcganException.Usage($"--steps must be 2 to 1000, got {stepCount}");
            var framesPerSecond = parsed.GetValue(fps);
            if (framesPerSecond is < 1 or > 100)
                throw DcganException.Usage($"--fps must be 1 to 100, got {framesPerSecond}");
            var enlarge = parsed.GetValue(scale);
            if (enlarge is < 1 or > 16)
                throw DcganException.Usage($"--scale must be 1 to 16, got {enlarge}");
            var gridPath = parsed.GetValue(grid);
            var animationPath = parsed.GetValue(animation);
            if (string.IsNullOrWhiteSpace(gridPath) && string.IsNullOrWhiteSpace(animationPath))
                (gridPath, animationPath) = (DefaultGrid, DefaultAnimation);
            if (!string.IsNullOrWhiteSpace(animationPath))
                AnimationFile.FormatOf(animationPath);
            var selection = CodeSelection(parsed.GetValue(seeds), parsed.GetValue(seed), parsed.GetValue(count), parsed.GetValue(indices), parsed.GetResult(count) is { Implicit: false });
            var walkMethod = parsed.GetValue(method) == "linear" ? InterpolationMethod.Linear : InterpolationMethod.Spherical;
            var batchSize = common.BatchSize(parsed);

            using var loaded = common.Load(parsed, output);
            output.WriteLine(selection.Description);
            using var codes = selection.Codes(loaded.Architecture.LatentSize);
            using var sampler = common.Sampler(parsed, loaded);
            using var images = LatentWalk.Generate(sampler, codes, stepCount, walkMethod, parsed.GetValue(loop), batchSize);
            if (!string.IsNullOrWhiteSpace(gridPath))
            {
                LatentWalk.WriteGrid(images, gridPath);
                output.WriteLine($"Wrote {images.shape[0]} walk(s) of {stepCount} steps as a grid to {gridPath}");
            }
            if (!string.IsNullOrWhiteSpace(animationPath))
            {
                LatentWalk.WriteAnimation(images, animationPath, parsed.GetValue(loop), framesPerSecond, enlarge);
                output.WriteLine($"Wrote the animation to {animationPath}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    sealed record Selection(string Description, Func<int, Tensor> Codes);

    static Selection CodeSelection(string? seeds, long? seed, int count, string? indices, bool countGiven)
    {
        if (!string.IsNullOrWhiteSpace(seeds))
        {
            if (seed is not null || !string.IsNullOrWhiteSpace(indices) || countGiven)
                throw DcganException.Usage("--seeds names the codes itself; drop --seed, --count and --indices, or drop --seeds");
            var list = NumberList.Parse(seeds, "--seeds");
            if (list.Length < 2)
                throw DcganException.Usage("--seeds needs at least 2 seeds to walk between");
            return new($"Codes: seeds {string.Join(", ", list)}", nz => cat(list.Select(s => LatentCodes.First(nz, s)).ToList(), 0));
        }

        var codeSeed = NumberList.SeedOrRandom(seed);
        if (!string.IsNullOrWhiteSpace(indices))
        {
            if (countGiven)
                throw DcganException.Usage("give either --count or --indices, not both");
            var list = NumberList.Parse(indices, "--indices");
            if (list.Length < 2)
                throw DcganException.Usage("--indices needs at least 2 indices to walk between");
            return new($"Codes: samples {string.Join(", ", list)} of seed {codeSeed}", nz => LatentCodes.At(nz, codeSeed, list));
        }
        if (count is < 2 or > 1000)
            throw DcganException.Usage($"--count must be 2 to 1000, got {count}");
        return new($"Codes: the first {count} samples of seed {codeSeed}", nz =>
        {
            using var stream = new LatentCodes(nz, codeSeed);
            return stream.Next(count);
        });
    }
}
