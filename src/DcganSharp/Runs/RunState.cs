using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// What a run changes as it trains: both networks, the generator's average, the optimisers (in the
/// step), the recipe, where training stands and the loss history. A checkpoint is a capture of it;
/// resume and rollback both restore it from one.
/// </summary>
internal sealed class RunState(DcganOptions options, DcganGenerator generator, DcganDiscriminator discriminator, GeneratorAverage? average, Tensor fixedNoise,
    TrainingRecipe recipe, int seed, IReadOnlyList<string>? classNames = null) : IDisposable
{
    // The settings every checkpoint of the run stores; they do not change while it trains.
    readonly DcganOptions stored = StoredSettings.ForCheckpoint(options, seed, generator.Architecture.Channels);

    public DcganGenerator Generator => generator;

    public DcganDiscriminator Discriminator => discriminator;

    /// <summary>The moving average of G's weights, when the recipe keeps one.</summary>
    public GeneratorAverage? Average => average;

    /// <summary>The noise behind every fake_samples grid.</summary>
    public Tensor FixedNoise => fixedNoise;

    /// <summary>The classes of a conditional run, in label order; null when unconditional.</summary>
    public IReadOnlyList<string>? ClassNames => classNames;

    /// <summary>The classes of the fixed-noise grid's images (every class in turn), on the noise's device; null when unconditional.</summary>
    public Tensor? FixedLabels { get; } = classNames is null ? null
        : arange(fixedNoise.shape[0], dtype: int64, device: fixedNoise.device).remainder_(classNames.Count);

    public int Seed => seed;

    /// <summary>How the run trains: the options' recipe, with D's learning rate halved by each rollback.</summary>
    public TrainingRecipe Recipe { get; private set; } = recipe;

    /// <summary>One iteration of both networks, with the optimisers' state.</summary>
    public GanTrainingStep Step { get; private set; } = GanTrainingStep.For(generator, discriminator, options, recipe);

    public TrainingProgress Progress { get; set; } = new(0, 0, 0, 0, seed);

    public List<HistoryEntry> History { get; private set; } = [];

    /// <summary>The lowest FID measured so far and where (netG_best.pth); kept through rollbacks, stored in checkpoints.</summary>
    public BestGenerator? Best { get; set; }

    /// <summary>Records a step on <paramref name="images"/> images at batch <paramref name="batch"/> of <paramref name="epoch"/>, and moves the average.</summary>
    public void Advance(int epoch, int batch, int images, StepStatistics statistics)
    {
        Progress = Progress with { NextBatch = batch + 1, GlobalStep = Progress.GlobalStep + 1 };
        average?.Update(generator, Progress.GlobalStep * options.BatchSize!.Value, images);
        History.Add(new HistoryEntry(epoch, batch, statistics));
    }

    /// <summary>Trains on with another recipe: new optimisers (restore their state next, or they start afresh).</summary>
    public void Retrain(TrainingRecipe recipe)
    {
        Step.Dispose();
        Recipe = recipe;
        Step = GanTrainingStep.For(generator, discriminator, options, recipe);
    }

    /// <summary>Takes weights, average, optimiser state, progress and history from <paramref name="checkpoint"/> (read from <paramref name="path"/>).</summary>
    public void Restore(TrainingCheckpoint checkpoint, string path)
    {
        StateDictFile.LoadInto(generator, checkpoint.Generator, $"checkpoint '{path}' (netG)");
        StateDictFile.LoadInto(discriminator, checkpoint.Discriminator, $"checkpoint '{path}' (netD)");
        // A run that kept no average starts one from its generator.
        average?.Load(checkpoint.GeneratorAverage ?? StateDictFile.ContiguousView(generator), $"checkpoint '{path}' (netG_ema)");
        AdamStateDict.Import(Step.GeneratorOptimizer, checkpoint.GeneratorOptimizer, $"checkpoint '{path}' (optimizerG)");
        AdamStateDict.Import(Step.DiscriminatorOptimizer, checkpoint.DiscriminatorOptimizer, $"checkpoint '{path}' (optimizerD)");
        Progress = checkpoint.Progress;
        History = checkpoint.History.ToList();
        Best = checkpoint.Best;
    }

    /// <summary>Back to <paramref name="initial"/> weights, step 0, no history (the rollback count and the best generator stay).</summary>
    public void Restore(NetworkSnapshot initial)
    {
        initial.Restore(generator, discriminator);
        average?.Load(StateDictFile.ContiguousView(generator), "the initial generator");
        Progress = new TrainingProgress(0, 0, 0, Progress.Rollbacks, Progress.NoiseSeed);
        History = [];
    }

    /// <summary>A self-contained copy of the state (tensors cloned to the CPU), with the settings that made it.</summary>
    public TrainingCheckpoint Capture(bool healthy, string datasetDescription)
    {
        static Dictionary<string, Tensor> Copy(nn.Module module) =>
            module.state_dict().ToDictionary(p => p.Key, p => StateDictFile.ContiguousCopy(p.Value));
        return new TrainingCheckpoint
        {
            Config = new CheckpointConfig
            {
                Options = stored,
                Recipe = Recipe,
                DatasetDescription = datasetDescription,
                ClassNames = classNames,
            },
            Progress = Progress,
            Healthy = healthy,
            Generator = Copy(generator),
            Discriminator = Copy(discriminator),
            GeneratorAverage = average is null ? null : Copy(average.Average),
            GeneratorOptimizer = AdamStateDict.Export(Step.GeneratorOptimizer),
            DiscriminatorOptimizer = AdamStateDict.Export(Step.DiscriminatorOptimizer),
            FixedNoise = fixedNoise.cpu().clone(),
            RngState = get_rng_state(),
            History = History,
            Best = Best,
        };
    }

    /// <summary>The generator whose images the run shows and measures: the average (its BatchNorm statistics measured now), else G.</summary>
    public DcganGenerator Sampled()
    {
        if (average is null)
            return generator;
        average.MeasureStatistics(seed * 1_000_003L + Progress.GlobalStep);
        return average.Average;
    }

    public void Dispose()
    {
        Step.Dispose();
        FixedLabels?.Dispose();
    }
}
