using System.Diagnostics;
using System.Globalization;
using DcganSharp.Bench.Judge;
using DcganSharp.Evaluation;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

// The FID-ResNet18 judge's speed: the package's ResNet18.onnx run by ONNX Runtime (the product's
// ResNet18Features, as `dcgan evaluate` runs it) against the same network in TorchSharp (NCHW and
// channels-last), all on the same 64x64 images, prepared the same way (bilinear to 224, BGR minus
// the mean image), at the same thread count. Contenders take turns, a slice of the images each,
// so a busy machine slows them alike. Also checks that the TorchSharp network gives ONNX
// Runtime's features.
// Usage: JudgeBench [images=1000] [threads=2] [TorchSharp batch=16] [rounds=4]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
set_num_threads(threads);
static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
Console.WriteLine($"{count} images of 64x64x3, {threads} threads (libtorch and ONNX Runtime), {rounds} rounds; " +
    $"ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")}; {Environment.ProcessorCount} CPUs, load {Load()}");

manual_seed(1);
using var images = rand(count, 3, 64, 64) * 2 - 1;
using var onnx = ResNet18Features.Open(threads: threads);
using var plain = new TorchSharpResNet18(ResNet18Model.NetworkPath(), channelsLast: false);
using var channelsLast = new TorchSharpResNet18(ResNet18Model.NetworkPath(), channelsLast: true);
using var spinning = SpinningSession(threads);

// The same features, whoever computes them.
using (var some = images.narrow(0, 0, 4))
using (var prepared = onnx.Prepare(some))
using (var reference = onnx.Extract(some))
{
    foreach (var (name, network) in new[] { ("TorchSharp NCHW", plain), ("TorchSharp channels-last", channelsLast) })
    {
        using var features = network.Forward(prepared);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: max |features - ONNX Runtime's| = {(features - reference.Features).abs().max().item<float>():G3} (largest feature {reference.Features.max().item<float>():F2})"));
    }
}

var contenders = new (string Name, Action<Tensor> Run)[]
{
    ("ONNX Runtime (the product: ResNet18Features)", slice => onnx.Extract(slice).Dispose()),
    ("ONNX Runtime, threads spinning between runs", slice => RunSpinning(spinning, onnx, slice)),
    ("TorchSharp NCHW", slice => InBatches(slice, part => plain.Forward(part))),
    ("TorchSharp channels-last", slice => InBatches(slice, part => channelsLast.Forward(part))),
};
var seconds = new double[contenders.Length];
var share = count / rounds;
for (var round = 0; round < rounds; round++)
{
    using var slice = images.narrow(0, round * share, share);
    // A different contender goes first in each round.
    for (var k = 0; k < contenders.Length; k++)
    {
        var c = (k + round) % contenders.Length;
        var clock = Stopwatch.StartNew();
        contenders[c].Run(slice);
        seconds[c] += clock.Elapsed.TotalSeconds;
    }
    Console.WriteLine($"round {round + 1}/{rounds} done, load {Load()}");
}
var baseline = share * rounds / seconds[0];
for (var c = 0; c < contenders.Length; c++)
{
    var rate = share * rounds / seconds[c];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{contenders[c].Name,-48} {rate,7:F2} images/s  ({rate / baseline:F2}x the product's)"));
}

void InBatches(Tensor slice, Func<Tensor, Tensor> forward)
{
    for (long start = 0; start < slice.shape[0]; start += batch)
    {
        using var part = slice.narrow(0, start, Math.Min(batch, slice.shape[0] - start));
        using var prepared = onnx.Prepare(part);
        forward(prepared).Dispose();
    }
}

static InferenceSession SpinningSession(int threads)
{
    // ONNX Runtime's default: idle pool threads spin a while, waiting for the next run.
    using var options = new SessionOptions
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
    return new InferenceSession(ResNet18Model.NetworkPath(), options);
}

static void RunSpinning(InferenceSession session, ResNet18Features judge, Tensor slice)
{
    using var run = new RunOptions();
    var output = new float[512];
    for (long start = 0; start < slice.shape[0]; start += 16)
    {
        using var part = slice.narrow(0, start, Math.Min(16, slice.shape[0] - start));
        using var prepared = judge.Prepare(part);
        var pixels = prepared.data<float>().ToArray();
        var length = 3 * 224 * 224;
        for (var i = 0; i < part.shape[0]; i++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(pixels, i * length, length), [1, 3, 224, 224]);
            using var result = OrtValue.CreateTensorValueFromMemory(output, [1, 512, 1, 1]);
            session.Run(run, [session.InputNames[0]], [input], [session.OutputNames[0]], [result]);
        }
    }
}
