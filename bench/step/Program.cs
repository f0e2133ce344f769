// Times GanTrainingStep.Run at the reference's 64x64x3 setting (or the size given) in two memory
// layouts, NCHW (libtorch's default) and channels_last (NHWC, which oneDNN prefers), and on CUDA
// also with cuDNN autotuning off and on.
// With "pipeline" last, it instead adds the trainer's pieces one at a time (where real batches come
// from, the data loader, a log line per step) to find what an iteration costs beyond the step.
// Usage: dotnet run -c Release --project bench/step -- [cpu|cuda] [image size] [channels] [batches, comma-separated] [iterations] [pipeline]
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

var device = args.Length > 0 && args[0] == "cuda" ? CUDA : CPU;
var size = args.Length > 1 ? int.Parse(args[1]) : 64;
var channels = args.Length > 2 ? int.Parse(args[2]) : 3;
var batches = (args.Length > 3 ? args[3] : "64").Split(',').Select(int.Parse).ToArray();
var iterations = args.Length > 4 ? int.Parse(args[4]) : 30;
if (device.type == DeviceType.CUDA)
    InitializeDeviceType(DeviceType.CUDA);
Console.WriteLine($"{device.type}, {size}x{size}x{channels}, {iterations} iterations, {get_num_threads()} CPU threads");

if (args.Length > 5 && args[5] == "pipeline")
{
    foreach (var batch in batches)
        Pipeline.Run(device, size, channels, batch, iterations);
    return;
}

var autotuneChoices = device.type == DeviceType.CUDA ? new[] { false, true } : new[] { false };
foreach (var batch in batches)
    foreach (var autotune in autotuneChoices)
        foreach (var layout in new[] { "nchw", "channels_last", "nchw", "channels_last" })
        {
            if (device.type == DeviceType.CUDA)
                LibTorchSwitch.CudnnBenchmark.TrySet(autotune);
            var (generator, discriminator) = StepTimer.Networks(device, size, channels);
            using var g = generator;
            using var d = discriminator;
            if (layout == "channels_last")
            {
                ChannelsLast.Apply(g);
                ChannelsLast.Apply(d);
            }
            using var step = new GanTrainingStep(g, d, 0.0002, 0.5, 0.999);
            using var real = rand(batch, channels, size, size, device: device) * 2 - 1;
            using var input = layout == "channels_last" ? ChannelsLast.Of(real) : real.alias();
            // Run reads its statistics back: one sync per step.
            var elapsed = StepTimer.Time(iterations, _ => step.Run(input, g.SampleLatent(batch, device)));
            var autotuneLabel = device.type == DeviceType.CUDA ? (autotune ? " autotune" : " heuristic") : "";
            Console.WriteLine(StepTimer.Line(batch, $"{layout,-14}{autotuneLabel,-10}", iterations, elapsed));
        }
