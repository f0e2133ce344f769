using System.Collections;
using System.Globalization;
using DcganSharp.Interop;
using DcganSharp.IO;
using DcganSharp.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace DcganSharp.Checkpoints;

/// <summary>
/// Everything needed to continue a run exactly: both networks, both Adam states, the fixed noise,
/// the random-number generator, where training stands, the configuration and the loss history.
/// Stored as one <c>torch.save</c>-compatible file (a pickled dict of tensors, numbers and strings),
/// so Python can read it too: <c>ckpt = torch.load(path); netG.load_state_dict(ckpt["netG"])</c>.
/// A SHA-256 of the whole file is stored in the zip's comment (<see cref="ZipSeal"/>) and checked on load.
/// </summary>
internal sealed class TrainingCheckpoint : IDisposable
{
    public const string FormatName = "dcgan-sharp.checkpoint";
    public const int FormatVersion = 2;

    public required CheckpointConfig Config { get; init; }

    public required TrainingProgress Progress { get; init; }

    /// <summary>False when it was saved while the divergence guard saw a bad streak.</summary>
    public required bool Healthy { get; init; }

    public required Dictionary<string, Tensor> Generator { get; init; }

    public required Dictionary<string, Tensor> Discriminator { get; init; }

    /// <summary>The moving average of the generator's weights (netG_ema), when the run keeps one.</summary>
    public Dictionary<string, Tensor>? GeneratorAverage { get; init; }

    public required IDictionary GeneratorOptimizer { get; init; }

    public required IDictionary DiscriminatorOptimizer { get; init; }

    public required Tensor FixedNoise { get; init; }

    /// <summary>The CPU generator's state (torch.get_rng_state()).</summary>
    public required Tensor RngState { get; init; }

    public required IReadOnlyList<HistoryEntry> History { get; init; }

    /// <summary>The lowest FID the run measured so far (netG_best.pth), when it measures; null otherwise and in older checkpoints.</summary>
    public BestGenerator? Best { get; init; }

    /// <summary>Writes the checkpoint atomically: a kill during the write leaves the previous file intact.</summary>
    public void Save(string path)
    {
        using (var scope = NewDisposeScope())
        using (var zip = new MemoryStream())
        {
            PyTorchPickler.PickleStateDict(zip, ToPickle(), leaveOpen: true);
            ZipSeal.Seal(zip);
            AtomicFile.WriteAllBytes(path, zip.GetBuffer().AsSpan(0, (int)zip.Length));
        }
        // The buffers above (about twice the file, on the large-object heap) are garbage now;
        // without this the runtime keeps that memory for the rest of the run, and resident memory
        // grows from epoch to epoch (bench/speed/README.md, bench/memory/epochs.sh). One full
        // collection per checkpoint is little next to writing the file.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>Reads and verifies a checkpoint; every failure is a one-line <see cref="DcganException"/>.</summary>
    /// <param name="names">How advice names the settings (a run resuming); default: the library's names.</param>
    public static TrainingCheckpoint Load(string path, SettingNames? names = null)
    {
        names ??= SettingNames.Library;
        if (!File.Exists(path))
            throw new DcganException($"checkpoint '{path}' not found; give a checkpoint file or the {names.Name(nameof(DcganOptions.OutputFolder))} folder of a run");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"checkpoint '{path}' cannot be read ({IO.AtomicFile.Describe(e)})");
        }
        if (ZipSeal.Check(bytes) is { } problem)
        {
            if (IsWeightsFile(bytes))
                throw new DcganException($"'{path}' holds network weights, not a training checkpoint; start from weights with {CheckpointStore.Weights(names)} instead of {names.Name(nameof(DcganOptions.Resume))}");
            throw new CheckpointDamagedException(path, problem);
        }

        Hashtable table;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            table = TorchSaveReader.Read(stream) as Hashtable ?? throw new InvalidDataException("not a dict");
        }
        catch (Exception e) when (e is not DcganException and not OutOfMemoryException)
        {
            throw new CheckpointDamagedException(path, $"it is truncated or corrupt ({e.GetType().Name})");
        }

        if (table["format"] as string != FormatName)
            throw new CheckpointDamagedException(path, "it is not a dcgan training checkpoint");
        if (Convert.ToInt32(table["version"], CultureInfo.InvariantCulture) > FormatVersion)
            throw new DcganException($"checkpoint '{path}' was written by a newer dcgan (format {table["version"]}); update dcgan-sharp");

        try
        {
            var progress = (Hashtable)table["progress"]!;
            return new TrainingCheckpoint
            {
                Config = CheckpointConfig.FromJson((string)table["config"]!),
                Progress = new TrainingProgress(
                    Int(progress["epoch"]), Int(progress["next_batch"]), Long(progress["global_step"]),
                    Int(progress["rollbacks"]), Long(progress["noise_seed"])),
                Healthy = (bool)table["healthy"]!,
                Generator = Tensors((IDictionary)table["netG"]!),
                Discriminator = Tensors((IDictionary)table["netD"]!),
                GeneratorAverage = table["netG_ema"] is IDictionary average ? Tensors(average) : null,
                GeneratorOptimizer = (IDictionary)table["optimizerG"]!,
                DiscriminatorOptimizer = (IDictionary)table["optimizerD"]!,
                FixedNoise = (Tensor)table["fixed_noise"]!,
                RngState = (Tensor)table["rng_state"]!,
                History = ReadHistory((Tensor)table["history_index"]!, (Tensor)table["history_stats"]!),
                Best = table["best_generator"] is Hashtable best
                    ? new BestGenerator((string)best["judge"]!, Convert.ToDouble(best["fid"], CultureInfo.InvariantCulture), Long(best["global_step"]), Int(best["epoch"]))
                    : null,
            };
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or System.Text.Json.JsonException or FormatException or KeyNotFoundException)
        {
            throw new CheckpointDamagedException(path, $"a field is missing or malformed ({e.Message})");
        }
    }

    Hashtable ToPickle()
    {
        var count = History.Count;
        var index = new int[count * 2];
        var stats = new float[count * 5];
        for (var i = 0; i < count; i++)
        {
            var (epoch, iteration, s) = History[i];
            (index[2 * i], index[2 * i + 1]) = (epoch, iteration);
            (stats[5 * i], stats[5 * i + 1], stats[5 * i + 2], stats[5 * i + 3], stats[5 * i + 4]) =
                (s.LossD, s.LossG, s.DReal, s.DFakeBeforeUpdate, s.DFakeAfterUpdate);
        }
        var table = new Hashtable
        {
            ["format"] = FormatName,
            ["version"] = FormatVersion,
            ["config"] = Config.ToJson(),
            ["progress"] = new Hashtable
            {
                ["epoch"] = Progress.Epoch,
                ["next_batch"] = Progress.NextBatch,
                ["global_step"] = Progress.GlobalStep,
                ["rollbacks"] = Progress.Rollbacks,
                ["noise_seed"] = Progress.NoiseSeed,
            },
            ["healthy"] = Healthy,
            ["netG"] = Generator.ToDictionary(p => (object)p.Key, p => (object?)p.Value),
            ["netD"] = Discriminator.ToDictionary(p => (object)p.Key, p => (object?)p.Value),
            ["optimizerG"] = GeneratorOptimizer,
            ["optimizerD"] = DiscriminatorOptimizer,
            ["fixed_noise"] = FixedNoise,
            ["rng_state"] = RngState,
            ["history_index"] = tensor(index, new long[] { count, 2 }),
            ["history_stats"] = tensor(stats, new long[] { count, 5 }),
        };
        if (GeneratorAverage is not null)
            table["netG_ema"] = GeneratorAverage.ToDictionary(p => (object)p.Key, p => (object?)p.Value);
        if (Best is not null)
            table["best_generator"] = new Hashtable { ["judge"] = Best.Judge, ["fid"] = Best.Fid, ["global_step"] = Best.GlobalStep, ["epoch"] = Best.Epoch };
        return table;
    }

    /// <summary>True when <paramref name="path"/> ends like a sealed dcgan checkpoint (cheap: reads only the tail).</summary>
    public static bool IsCheckpointFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var tail = new byte[Math.Min(stream.Length, 128)];
            stream.Seek(-tail.Length, SeekOrigin.End);
            stream.ReadExactly(tail);
            return tail.AsSpan().IndexOf("dcgan-sha256:"u8) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>An unsealed zip whose pickle is a flat dict of tensors: a state_dict .pth, not a damaged checkpoint.</summary>
    static bool IsWeightsFile(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf("dcgan-sha256:"u8) >= 0)
            return false;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            if (TorchSaveReader.Read(stream) is not Hashtable table)
                return false;
            var isWeights = !table.ContainsKey("format") && table.Count > 0 && table.Values.Cast<object?>().All(v => v is Tensor);
            foreach (var t in TorchSaveReader.TensorsIn(table))
                t.Dispose();
            return isWeights;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    static Dictionary<string, Tensor> Tensors(IDictionary source)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in source)
            result[(string)entry.Key] = (Tensor)entry.Value!;
        return result;
    }

    static HistoryEntry[] ReadHistory(Tensor index, Tensor stats)
    {
        var count = (int)index.shape[0];
        var i = index.to(int32).data<int>().ToArray();
        var s = stats.to(float32).data<float>().ToArray();
        var entries = new HistoryEntry[count];
        for (var k = 0; k < count; k++)
            entries[k] = new HistoryEntry(i[2 * k], i[2 * k + 1], new StepStatistics(s[5 * k], s[5 * k + 1], s[5 * k + 2], s[5 * k + 3], s[5 * k + 4]));
        return entries;
    }

    static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var t in Generator.Values.Concat(Discriminator.Values).Concat(GeneratorAverage?.Values ?? Enumerable.Empty<Tensor>()))
            t.Dispose();
        FixedNoise.Dispose();
        RngState.Dispose();
        foreach (var t in TorchSaveReader.TensorsIn(GeneratorOptimizer).Concat(TorchSaveReader.TensorsIn(DiscriminatorOptimizer)))
            t.Dispose();
    }
}
