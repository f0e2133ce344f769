using System.CommandLine;
using DcganSharp.Generation;
using static DcganSharp.Cli.Commands.OptionFactory;
using static TorchSharp.torch;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan arithmetic`: mean(A) - mean(B) + mean(C) in latent space (DCGAN paper, Figure 7).</summary>
internal static class ArithmeticCommand
{
    public const string DefaultFigure = "arithmetic.png";

    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var common = new GeneratorOptions(classes: true);
        var groups = new[] { "a", "b", "c" }.Select(g => (
            Letter: g.ToUpperInvariant(),
            Indices: Optional<string>($"--{g}", $"Group {g.ToUpperInvariant()}: indices into the grid of `dcgan sample --seed S` (needs --seed), e.g. --{g} 3,17,42"),
            Seeds: Optional<string>($"--{g}-seeds", $"Group {g.ToUpperInvariant()}: one code per seed (image 0 of `dcgan sample --seed N`)"))).ToArray();
        var seed = Optional<long?>("--seed", "The seed of the `dcgan sample` grid that --a/--b/--c index", "--manual-seed");
        var names = Optional<string>("--names", "What groups A, B and C show, for the figure, e.g. --names \"smiling woman,neutral woman,neutral man\"");
        var variants = WithDefault("--variants", "Noisy variants of the result to show (the paper shows 8)", 8);
        var noise = WithDefault("--noise", "Uniform noise added to the result's code for the variants (the paper used 0.25)", 0.25);
        var noiseSeed = WithDefault("--noise-seed", "Seed of the variants' noise", 0L);
        var outFile = WithDefault("--out", "The figure to write (PNG)", DefaultFigure, "-o");
        var scale = WithDefault("--scale", "Enlarge every image this many times (nearest neighbour)", 2);

        var command = new Command("arithmetic", "Latent vector arithmetic (DCGAN paper, Figure 7): mean(A) - mean(B) + mean(C), as a labelled figure");
        foreach (var group in groups)
        {
            command.Options.Add(group.Indices);
            command.Options.Add(group.Seeds);
        }
        foreach (var option in new Option[] { seed, names, variants, noise, noiseSeed, outFile, scale })
            command.Options.Add(option);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            var variantCount = parsed.GetValue(variants);
            if (variantCount is < 0 or > 64)
                throw DcganException.Usage($"--variants must be 0 to 64, got {variantCount}");
            var amplitude = parsed.GetValue(noise);
            if (!double.IsFinite(amplitude) || amplitude < 0 || amplitude > 10)
                throw DcganException.Usage($"--noise must be 0 to 10, got {amplitude}");
            var enlarge = parsed.GetValue(scale);
            if (enlarge is < 1 or > 16)
                throw DcganException.Usage($"--scale must be 1 to 16, got {enlarge}");
            var givenNames = parsed.GetValue(names);
            var labels = string.IsNullOrWhiteSpace(givenNames) ? ["", "", ""] : givenNames.Split(',', StringSplitOptions.TrimEntries);
            if (labels.Length != 3)
                throw DcganException.Usage($"--names needs three comma-separated names (for A, B and C), got {labels.Length}");
            var sampleSeed = parsed.GetValue(seed);
            if (sampleSeed is < 0)
                throw DcganException.Usage($"--seed must be a non-negative integer, got {sampleSeed}");
            var specs = groups.Select(g => Spec(g.Letter, parsed.GetValue(g.Indices), parsed.GetValue(g.Seeds), sampleSeed)).ToArray();
            var path = parsed.GetValue(outFile)!;
            var batchSize = common.BatchSize(parsed);

            using var loaded = common.Load(parsed, output);
            using var scope = NewDisposeScope();
            var nz = loaded.Architecture.LatentSize;
            var latent = specs.Select((s, i) => new LatentGroup(labels[i], s.Codes(nz), s.Captions)).ToArray();
            using var sampler = common.Sampler(parsed, loaded);
            ArithmeticFigure.Write(path, sampler, latent[0], latent[1], latent[2],
                variantCount, amplitude, parsed.GetValue(noiseSeed), batchSize, enlarge);
            output.WriteLine($"Wrote the figure to {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    sealed record GroupSpec(IReadOnlyList<string> Captions, Func<int, Tensor> Codes);

    static GroupSpec Spec(string letter, string? indices, string? seeds, long? sampleSeed)
    {
        var flag = $"--{letter.ToLowerInvariant()}";
        var hasIndices = !string.IsNullOrWhiteSpace(indices);
        var hasSeeds = !string.IsNullOrWhiteSpace(seeds);
        if (hasIndices == hasSeeds)
            throw DcganException.Usage($"group {letter}: give exactly one of {flag} (sample indices, with --seed) or {flag}-seeds");
        if (hasSeeds)
        {
            var list = NumberList.Parse(seeds!, $"{flag}-seeds");
            return new([.. list.Select(s => $"seed {s}")], nz => cat(list.Select(s => LatentCodes.First(nz, s)).ToList(), 0));
        }
        if (sampleSeed is not { } s)
            throw DcganException.Usage($"{flag} indexes the grid of `dcgan sample --seed S`; give that --seed S too");
        var picks = NumberList.Parse(indices!, flag);
        if (picks.Any(i => i >= 10_000_000))
            throw DcganException.Usage($"{flag}: indices must be below 10000000");
        return new([.. picks.Select(i => $"#{i}")], nz => LatentCodes.At(nz, s, picks));
    }
}
