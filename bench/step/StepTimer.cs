using System.Diagnostics;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>What both modes share: the networks as the trainer builds them, and the timed loop.</summary>
static class StepTimer
{
    const int Warmup = 5;

    /// <summary>The reference's generator and discriminator for this size, seeded alike, on <paramref name="device"/>.</summary>
    public static (DcganGenerator G, DcganDiscriminator D) Networks(Device device, int size, int channels)
    {
        manual_seed(1);
        var architecture = new DcganArchitecture(size, channels);
        var g = WeightInit.Apply(new DcganGenerator(architecture));
        var d = WeightInit.Apply(new DcganDiscriminator(architecture));
        g.to(device);
        d.to(device);
        return (g, d);
    }

    /// <summary>Runs <paramref name="step"/> a few untimed times, then <paramref name="iterations"/> timed ones, each in its own dispose scope.</summary>
    public static TimeSpan Time(int iterations, Action<int> step)
    {
        var clock = new Stopwatch();
        for (var i = 0; i < iterations + Warmup; i++)
        {
            if (i == Warmup)
                clock.Start();
            using var scope = NewDisposeScope();
            step(i);
        }
        return clock.Elapsed;
    }

    public static string Line(int batch, string label, int iterations, TimeSpan elapsed) =>
        $"batch {batch,5} {label} {iterations * batch / elapsed.TotalSeconds,9:F1} images/s  {elapsed.TotalMilliseconds / iterations,7:F2} ms/step";
}
