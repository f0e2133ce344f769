using DcganSharp.Interop;
using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>
/// An exponential moving average of the generator's weights (Yazici et al. 2019, "The Unusual
/// Effectiveness of Averaging in GAN Training"). G's weights wander around a good solution from
/// step to step; their average sits nearer its centre and draws cleaner images. The average is
/// what the quality recipe samples, grids, evaluates and saves as netG_ema_epoch_N.pth; the
/// training itself never sees it.
/// </summary>
internal sealed class GeneratorAverage : IDisposable
{
    /// <summary>Codes drawn to measure BatchNorm's statistics for the averaged weights.</summary>
    const int StatisticsImages = 256;

    readonly double halfLifeImages;
    readonly double rampUp;

    public DcganGenerator Average { get; }

    /// <summary>A copy of <paramref name="source"/>'s current weights on <paramref name="device"/>.</summary>
    public GeneratorAverage(DcganGenerator source, TrainingRecipe recipe, Device device)
    {
        halfLifeImages = recipe.EmaHalfLifeImages;
        rampUp = recipe.EmaRampUp;
        // A module's constructor initialises its weights from the global generator; the average
        // is overwritten at once, so those draws are given back and training sees the same noise.
        using (var state = get_rng_state())
        {
            Average = new DcganGenerator(source.Architecture);
            set_rng_state(state);
        }
        Load(StateDictFile.ContiguousView(source), "the generator");
        Average.to(device);
        foreach (var parameter in Average.parameters())
            parameter.requires_grad = false;
        Average.eval();
    }

    /// <summary>Replaces the average with saved weights (a checkpoint's netG_ema).</summary>
    public void Load(Dictionary<string, Tensor> weights, string what)
    {
        using var scope = NewDisposeScope();
        StateDictFile.LoadInto(Average, weights, what);
    }

    /// <summary>The fraction of the old average an update keeps after <paramref name="imagesSeen"/> images in all, <paramref name="batch"/> of them new.</summary>
    public static double Decay(long imagesSeen, long batch, double halfLifeImages, double rampUp)
    {
        var halfLife = rampUp > 0 ? Math.Min(halfLifeImages, imagesSeen * rampUp) : halfLifeImages;
        return halfLife <= 0 ? 0 : Math.Pow(0.5, batch / halfLife);
    }

    /// <summary>Moves the average towards <paramref name="source"/>'s weights after a step on <paramref name="batch"/> images.</summary>
    public void Update(DcganGenerator source, long imagesSeen, long batch)
    {
        var decay = Decay(imagesSeen, batch, halfLifeImages, rampUp);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Parameters are read afresh each time: an optimiser may have re-bound them (PackedAdam, a rollback).
        foreach (var (average, live) in Average.parameters().Zip(source.parameters()))
            average.lerp_(live, 1 - decay);
    }

    /// <summary>
    /// Sets BatchNorm's running statistics to those the averaged weights produce (standing
    /// statistics): the training generator's running statistics belong to its own weights, not to
    /// their average, and eval-mode sampling depends on them. Codes come from a generator of their
    /// own seeded with <paramref name="seed"/>, so training's random stream is not touched.
    /// </summary>
    public void MeasureStatistics(long seed)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = Average.parameters().First().device;
        using var codes = new torch.Generator((ulong)seed, device);
        var norms = Average.Norms;
        var momenta = norms.Select(n => n.momentum).ToArray();
        try
        {
            foreach (var norm in norms)
            {
                norm.reset_running_stats();
                norm.momentum = 1.0; // the running statistics become this one batch's
            }
            Average.train();
            // A conditional generator's statistics are those of every class in equal shares.
            using var labels = Average.Architecture.Conditional
                ? arange(StatisticsImages, dtype: int64, device: device).remainder_(Average.Architecture.Classes) : null;
            Average.forward(Average.SampleLatent(StatisticsImages, device, codes), labels);
        }
        finally
        {
            for (var i = 0; i < norms.Count; i++)
                norms[i].momentum = momenta[i];
            Average.eval();
        }
    }

    /// <summary>Eval-mode images of the average for <paramref name="latent"/> (call <see cref="MeasureStatistics"/> first).</summary>
    public Tensor Sample(Tensor latent)
    {
        using var noGrad = no_grad();
        return Average.forward(latent);
    }

    public void Dispose() => Average.Dispose();
}
