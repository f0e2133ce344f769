using System.CommandLine;
using DcganSharp.Generation;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan sample`: images from a trained generator, as one grid and/or one PNG each.</summary>
internal static class SampleCommand
{
    public const string DefaultGrid = "samples.png";

    public static Command Create(TextWriter output, TextWriter errors)
    {
        _ = errors;
        var common = new GeneratorOptions(classes: true);
        var count = WithDefault("--count", "Number of images", 64L, "-n");
        var seed = Optional<long?>("--seed", "Seed of the latent codes; image i is then the same for any --count or --batch-size (random and printed when absent)", "--manual-seed", "--manualSeed");
        var grid = Optional<string>("--grid", $"Write all images as one PNG grid ({DefaultGrid} when neither --grid nor --out-dir is given)");
        var outDir = Optional<string>("--out-dir", "Write each image as its own PNG (sample_00000.png, ...) into this folder, batch by batch");
        var perRow = WithDefault("--per-row", "Images per grid row", 8, "--nrow");
        var classGrid = Flag("--class-grid", "A conditional generator's grid with one row per class (those of --class, else all), --per-row images each, " +
            "image j of every row drawn from the same code j; --count does not apply");

        var command = new Command("sample", "Generate images from a trained generator (pytorch/examples netG_*.pth or dcgan's own)")
        {
            count, seed, grid, outDir, perRow, classGrid,
        };
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            var images = parsed.GetValue(count);
            if (images is < 1 or > 10_000_000)
                throw DcganException.Usage($"--count must be 1 to 10000000, got {images}");
            var row = parsed.GetValue(perRow);
            if (row < 1)
                throw DcganException.Usage($"--per-row must be at least 1, got {row}");
            var gridPath = NullIfEmpty(parsed.GetValue(grid));
            var folder = NullIfEmpty(parsed.GetValue(outDir));
            if (gridPath is null && folder is null)
                gridPath = DefaultGrid;
            var codeSeed = NumberList.SeedOrRandom(parsed.GetValue(seed));
            var batchSize = common.BatchSize(parsed);

            using var loaded = common.Load(parsed, output);
            output.WriteLine($"Seed: {codeSeed}");
            using var sampler = common.Sampler(parsed, loaded);
            if (parsed.GetValue(classGrid))
            {
                if (folder is not null)
                    throw DcganException.Usage("--class-grid writes one grid; drop --out-dir (or --class-grid)");
                var rows = ClassGrid.Write(sampler, loaded.ClassNames, codeSeed, row, gridPath!, batchSize);
                output.WriteLine($"Wrote a grid of {rows} class(es) ({string.Join(", ", sampler.Classes.Select(c => loaded.ClassNames[c]))}), {row} image(s) each, to {gridPath}");
                return ExitCodes.Success;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var generating = SampleWriter.Write(sampler, new SampleRequest(images, codeSeed, batchSize, gridPath, folder, row));
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Generated {images} image(s) in {generating.TotalSeconds:F2} s ({images / Math.Max(generating.TotalSeconds, 1e-9):F1} images/s); encoding and writing took {(clock.Elapsed - generating).TotalSeconds:F2} s"));
            if (gridPath is not null)
                output.WriteLine($"Wrote {images} image(s) as a grid to {gridPath}");
            if (folder is not null)
                output.WriteLine($"Wrote {images} image(s) to {folder}");
            return ExitCodes.Success;
        });
        return command;
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
