using System.Collections;
using DcganSharp.Interop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Checkpoints;

/// <summary>
/// Converts TorchSharp's Adam state to and from the layout of PyTorch's
/// <c>optimizer.state_dict()</c> ({"state": {i: {step, exp_avg, exp_avg_sq}}, "param_groups": [...]}),
/// so a checkpoint's optimizer state can be loaded by <c>torch.optim.Adam.load_state_dict</c> too.
/// </summary>
public static class AdamStateDict
{
    public static Dictionary<object, object?> Export(Adam optimizer)
    {
        var dictionary = optimizer.state_dict();
        var state = new Dictionary<object, object?>();
        for (var i = 0; i < dictionary.State.Count; i++)
        {
            var s = (Adam.State)dictionary.State[i];
            state[i] = new Dictionary<object, object?>
            {
                ["step"] = tensor((float)s.step),
                ["exp_avg"] = StateDictFile.ContiguousCopy(s.exp_avg),
                ["exp_avg_sq"] = StateDictFile.ContiguousCopy(s.exp_avg_sq),
            };
        }

        var groups = new ArrayList();
        for (var g = 0; g < dictionary.Options.Count; g++)
        {
            var options = (Adam.Options)dictionary.Options[g];
            groups.Add(new Dictionary<object, object?>
            {
                ["lr"] = options.LearningRate ?? 0.0,
                ["betas"] = new ArrayList { options.beta1 ?? 0.9, options.beta2 ?? 0.999 },
                ["eps"] = options.eps ?? 1e-8,
                ["weight_decay"] = options.weight_decay ?? 0.0,
                ["amsgrad"] = options.amsgrad ?? false,
                ["maximize"] = options.maximize ?? false,
                ["foreach"] = null,
                ["capturable"] = false,
                ["differentiable"] = false,
                ["fused"] = null,
                ["params"] = new ArrayList(dictionary.StateIndexRef[g]),
            });
        }
        return new Dictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>Restores step counts and moments; learning rate and betas stay as the optimizer was built.</summary>
    public static void Import(Adam optimizer, IDictionary source, string what)
    {
        var dictionary = optimizer.state_dict();
        if (source["state"] is not IDictionary state)
            throw new DcganException($"{what} has no optimizer state; the checkpoint is damaged or not from dcgan");
        using var noGrad = no_grad();
        for (var i = 0; i < dictionary.State.Count; i++)
        {
            var target = (Adam.State)dictionary.State[i];
            if (FindEntry(state, i) is not IDictionary entry)
                throw new DcganException($"{what}: optimizer state for parameter {i} is missing; the checkpoint does not belong to this network");
            var expAvg = (Tensor)entry["exp_avg"]!;
            var expAvgSq = (Tensor)entry["exp_avg_sq"]!;
            if (!expAvg.shape.SequenceEqual(target.exp_avg.shape) || !expAvgSq.shape.SequenceEqual(target.exp_avg_sq.shape))
                throw new DcganException($"{what}: optimizer state for parameter {i} is [{string.Join("x", expAvg.shape)}] but the network needs [{string.Join("x", target.exp_avg.shape)}]");
            target.step = entry["step"] switch
            {
                Tensor t => (long)t.to(float64).item<double>(),
                IConvertible c => Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new DcganException($"{what}: optimizer step for parameter {i} is unreadable"),
            };
            target.exp_avg.copy_(expAvg);
            target.exp_avg_sq.copy_(expAvgSq);
        }
    }

    // Pickled int keys come back as int or long depending on the writer.
    static object? FindEntry(IDictionary state, int index) =>
        state.Contains(index) ? state[index] : state.Contains((long)index) ? state[(long)index] : null;
}
