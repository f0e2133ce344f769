// Times GanTrainingStep.Run at the reference's 64x64x3 setting (or the size given), in two memory
// layouts: NCHW (libtorch's default) and channels_last (NHWC, which oneDNN prefers).
// Usage: dotnet run -c Release --project bench/step -- [image size] [channels] [batch] [iterations]
using System.Diagnostics;
using DcganSharp.Models;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

var size = args.Length > 0 ? int.Parse(args[0]) : 64;
var channels = args.Length > 1 ? int.Parse(args[1]) : 3;
var batch = args.Length > 2 ? int.Parse(args[2]) : 64;
var iterations = args.Length > 3 ? int.Parse(args[3]) : 30;
Console.WriteLine($"{size}x{size}x{channels}, batch {batch}, {iterations} iterations, {get_num_threads()} threads");

foreach (var layout in new[] { "nchw", "channels_last", "nchw", "channels_last" })
{
    manual_seed(1);
    var architecture = new DcganArchitecture(size, channels);
    using var g = WeightInit.Apply(new DcganGenerator(architecture));
    using var d = WeightInit.Apply(new DcganDiscriminator(architecture));
    if (layout == "channels_last")
    {
        ToChannelsLast(g);
        ToChannelsLast(d);
    }
    using var step = new GanTrainingStep(g, d, 0.0002, 0.5);
    using var real = rand(batch, channels, size, size) * 2 - 1;
    using var input = layout == "channels_last" ? real.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : real.alias();
    var clock = new Stopwatch();
    for (var i = 0; i < iterations + 3; i++)
    {
        using var scope = NewDisposeScope();
        if (i == 3)
            clock.Start();
        step.Run(input, g.SampleLatent(batch));
    }
    clock.Stop();
    Console.WriteLine($"{layout,-14} {iterations * batch / clock.Elapsed.TotalSeconds,7:F1} images/s");
}

static void ToChannelsLast(nn.Module module)
{
    using var noGrad = no_grad();
    foreach (var p in module.parameters().Where(p => p.dim() == 4))
        p.set_(p.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2));
}
