using System.Collections;
using DcganSharp.Interop;
using DcganSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Checkpoints;

/// <summary>
/// Converts TorchSharp's Adam state to and from the layout of PyTorch's
/// <c>optimizer.state_dict()</c> ({"state": {i: {step, exp_avg, exp_avg_sq}}, "param_groups": [...]}),
/// so a checkpoint's optimizer state can be loaded by <c>torch.optim.Adam.load_state_dict</c> too.
/// </summary>
internal static class AdamStateDict
{
    public static Dictionary<object, object?> Export(PackedAdam optimizer)
    {
        var state = new Dictionary<object, object?>();
        for (var i = 0; i < optimizer.Count; i++)
        {
            var (expAvg, expAvgSq) = optimizer.Moments(i);
            using (expAvg)
            using (expAvgSq)
            {
                state[i] = new Dictionary<object, object?>
                {
                    ["step"] = tensor((float)optimizer.StepCount),
                    ["exp_avg"] = StateDictFile.ContiguousCopy(expAvg),
                    ["exp_avg_sq"] = StateDictFile.ContiguousCopy(expAvgSq),
                };
            }
        }

        // TorchSharp's Adam fills in every option it was built with, so what is written is what it uses.
        var options = (Adam.Options)optimizer.Optimizer.state_dict().Options[0];
        var group = new Dictionary<object, object?>
        {
            ["lr"] = options.LearningRate!.Value,
            ["betas"] = new ArrayList { options.beta1!.Value, options.beta2!.Value },
            ["eps"] = options.eps!.Value,
            ["weight_decay"] = options.weight_decay!.Value,
            ["amsgrad"] = options.amsgrad!.Value,
            ["maximize"] = options.maximize!.Value,
            ["foreach"] = null,
            ["capturable"] = false,
            ["differentiable"] = false,
            ["fused"] = null,
            ["params"] = new ArrayList(Enumerable.Range(0, optimizer.Count).ToList()),
        };
        return new Dictionary<object, object?> { ["state"] = state, ["param_groups"] = new ArrayList { group } };
    }

    /// <summary>Restores step counts and moments; learning rate and betas stay as the optimizer was built.</summary>
    public static void Import(PackedAdam optimizer, IDictionary source, string what)
    {
        if (source["state"] is not IDictionary state)
            throw new DcganException($"{what} has no optimizer state; the checkpoint is damaged or not from dcgan");
        using var noGrad = no_grad();
        long? step = null;
        for (var i = 0; i < optimizer.Count; i++)
        {
            if (FindEntry(state, i) is not IDictionary entry)
                throw new DcganException($"{what}: optimizer state for parameter {i} is missing; the checkpoint does not belong to this network");
            var (targetAvg, targetAvgSq) = optimizer.Moments(i);
            using (targetAvg)
            using (targetAvgSq)
            {
                if (entry["exp_avg"] is not Tensor expAvg || entry["exp_avg_sq"] is not Tensor expAvgSq)
                    throw new DcganException($"{what}: optimizer moments for parameter {i} are missing; the checkpoint is damaged or not from dcgan");
                if (!expAvg.shape.SequenceEqual(targetAvg.shape) || !expAvgSq.shape.SequenceEqual(targetAvgSq.shape))
                    throw new DcganException($"{what}: optimizer state for parameter {i} is [{string.Join("x", expAvg.shape)}] but the network needs [{string.Join("x", targetAvg.shape)}]");
                var entryStep = entry["step"] switch
                {
                    Tensor t => (long)t.to(float64).item<double>(),
                    IConvertible c => Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture),
                    _ => throw new DcganException($"{what}: optimizer step for parameter {i} is unreadable"),
                };
                // One step count serves all parameters: each takes part in every step (PyTorch's Adam stores one per parameter).
                if (step is { } earlier && earlier != entryStep)
                    throw new DcganException($"{what}: parameters {i - 1} and {i} have taken different numbers of optimizer steps ({earlier} and {entryStep}); this optimizer state was not made by one DCGAN training run");
                step = entryStep;
                targetAvg.copy_(expAvg);
                targetAvgSq.copy_(expAvgSq);
            }
        }
        optimizer.StepCount = step ?? 0;
    }

    // Pickled int keys come back as int or long depending on the writer.
    static object? FindEntry(IDictionary state, int index) =>
        state.Contains(index) ? state[index] : state.Contains((long)index) ? state[(long)index] : null;
}
