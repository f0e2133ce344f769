using System.Diagnostics;
using System.Globalization;
using DcganSharp.Bench.Data;
using DcganSharp.Data;
using DcganSharp.Models;
using DcganSharp.Training;
using static TorchSharp.torch;

// Data pipeline benchmark: decode+resize+batch throughput of an image folder with 0, 1 and 2
// workers, then the share of a short 64x64 training run spent waiting for data.
// Usage: DataBench [folder] [images=2000] [iterations=10] [training workers=2]
var folder = args.Length > 0 ? args[0] : Path.Combine("bench", "results", "data-folder");
var images = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var trainWorkers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
const int size = 64;
const int batchSize = 64;

PhotoFolder.Ensure(folder, images);
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}; torch threads {get_num_threads()}");

using var dataset = FolderImageDataset.Open(folder, new DecodeSettings(size), cache: false, TextWriter.Null);
Console.WriteLine(dataset.Description);

// Decode throughput. One warm-up pass first, so every run reads from the page cache.
double Throughput(int workers, int epoch)
{
    using var loader = new BatchLoader(dataset, batchSize, seed: 1, workers);
    var clock = Stopwatch.StartNew();
    var count = 0;
    foreach (var batch in loader.Epoch(epoch))
    {
        using (batch)
            count += batch.Count;
    }
    return count / clock.Elapsed.TotalSeconds;
}
Throughput(2, 0);
foreach (var workers in new[] { 0, 1, 2 })
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decode+resize+batch, {size}x{size}, --workers {workers}: {Throughput(workers, workers + 1):F0} images/s"));

// Short training runs: how much of the loop's time goes to waiting for the next batch. First
// the reference's networks (64x64, nz 100, ngf/ndf 64, batch 64), then networks 8 times narrower,
// whose much shorter steps put the data pipeline under real pressure.
foreach (var (features, steps) in new[] { (64, iterations), (8, 4 * iterations) })
{
    manual_seed(1);
    var architecture = new DcganArchitecture(size, 3, 100, features, features);
    using var generator = WeightInit.Apply(new DcganGenerator(architecture));
    using var discriminator = WeightInit.Apply(new DcganDiscriminator(architecture));
    using var step = new GanTrainingStep(generator, discriminator, 0.0002, 0.5, 0.999);
    using var loader = new BatchLoader(dataset, batchSize, seed: 1, trainWorkers);
    var clock = Stopwatch.StartNew();
    var done = 0;
    foreach (var batch in loader.Epoch(0))
    {
        using (batch)
        using (var scope = NewDisposeScope())
            step.Run(batch.Images, generator.SampleLatent(batch.Count));
        if (++done == steps)
            break;
    }
    var total = clock.Elapsed;
    var stats = loader.Statistics;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"training ngf/ndf {features}, {done} iterations, --workers {trainWorkers}: {total.TotalMilliseconds / done:F0} ms/iteration; " +
        $"waiting for data {stats.Waited.TotalMilliseconds:F0} ms after the first batch = {stats.Waited / total:P2} of the run (target under 5%); first batch {stats.StartupWaited.TotalMilliseconds:F0} ms"));
}
