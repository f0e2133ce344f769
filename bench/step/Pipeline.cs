using DcganSharp.Data;
using DcganSharp.Interop;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The training step with the trainer's other per-iteration work added one piece at a time, in
/// the trainer's settings (NCHW on CUDA, cuDNN autotuning on), so the difference between the bare
/// step and `dcgan train` can be pinned on one piece.
/// </summary>
static class Pipeline
{
    public static void Run(Device device, int size, int channels, int batch, int iterations)
    {
        if (device.type == DeviceType.CUDA)
            LibTorchSwitch.CudnnBenchmark.TrySet(true);
        var stages = new (string Name, Func<Source> Open)[]
        {
            ("resident batch", () => Source.Resident(device, batch, channels, size)),
            ("host batch, pinned copy", () => Source.FromHost(device, batch, channels, size, pinned: true)),
            ("host batch, pageable copy", () => Source.FromHost(device, batch, channels, size, pinned: false)),
            ("loader (6 workers), pinned", () => Source.Loader(device, batch, channels, size, workers: 6, logLine: false)),
            ("loader (6 workers) + log line", () => Source.Loader(device, batch, channels, size, workers: 6, logLine: true)),
            ("loader (2 workers) + log line", () => Source.Loader(device, batch, channels, size, workers: 2, logLine: true)),
            ("trainer: workers pin, 1 thread", () => Source.Loader(device, batch, channels, size, workers: 6, logLine: true, trainer: true)),
        };
        foreach (var (name, open) in stages)
        {
            var (generator, discriminator) = StepTimer.Networks(device, size, channels);
            using var g = generator;
            using var d = discriminator;
            using var step = new GanTrainingStep(g, d, 0.0002, 0.5, 0.999);
            TimeSpan elapsed;
            using (var source = open())
                elapsed = StepTimer.Time(iterations, i => source.Log(i, step.Run(source.Next(), g.SampleLatent(batch, device))));
            Console.WriteLine(StepTimer.Line(batch, $"{name,-32}", iterations, elapsed));
        }
    }

    /// <summary>Where each step's real batch comes from.</summary>
    sealed class Source(Func<Tensor> next, IDisposable? owned = null, TextWriter? log = null) : IDisposable
    {
        public Tensor Next() => next();

        public void Log(int i, StepStatistics s) =>
            log?.WriteLine($"[0/1][{i}/1000] Loss_D: {s.LossD:F4} Loss_G: {s.LossG:F4} D(x): {s.DReal:F4} D(G(z)): {s.DFakeBeforeUpdate:F4} / {s.DFakeAfterUpdate:F4}");

        public void Dispose()
        {
            owned?.Dispose();
            log?.Dispose();
        }

        public static Source Resident(Device device, int batch, int channels, int size)
        {
            var real = (rand(batch, channels, size, size, device: device) * 2 - 1).DetachFromDisposeScope();
            return new Source(() => real.alias(), real);
        }

        public static Source FromHost(Device device, int batch, int channels, int size, bool pinned)
        {
            var host = (rand(batch, channels, size, size) * 2 - 1).DetachFromDisposeScope();
            return new Source(() => device.type != DeviceType.CUDA ? host.alias()
                : pinned ? host.pin_memory().to(device, non_blocking: true) : host.to(device), host);
        }

        /// <summary>The trainer's data path: fake images decoded by the loader's workers, pinned, copied without blocking.</summary>
        /// <param name="trainer">As the trainer does it: the workers pin, libtorch's threads lowered by <see cref="HostThreads"/> until disposed.</param>
        public static Source Loader(Device device, int batch, int channels, int size, int workers, bool logLine, bool trainer = false)
        {
            var threads = trainer ? HostThreads.LowerForTraining(device.type) : null;
            var dataset = new FakeImageDataset(batch * 1000, channels, size, seed: 1);
            var loader = new BatchLoader(dataset, batch, seed: 1, workers, pinMemory: trainer && device.type == DeviceType.CUDA);
            var batches = loader.Epoch(0).GetEnumerator();
            var owned = new Owned(batches, loader, dataset, threads);
            return new Source(() =>
            {
                batches.MoveNext();
                var current = batches.Current;
                var images = device.type != DeviceType.CUDA ? current.Images.alias()
                    : trainer ? current.Images.to(device, non_blocking: true) : current.Images.pin_memory().to(device, non_blocking: true);
                current.Dispose();
                return images;
            }, owned, logLine ? new StreamWriter(Console.OpenStandardError()) { AutoFlush = true } : null);
        }
    }

    sealed class Owned(params IDisposable?[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var part in parts)
                part?.Dispose();
        }
    }
}
