using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Training;

/// <summary>
/// torch.optim.Adam over all of a network's parameters at once. The parameters become views into
/// one flat buffer (each keeping its shape and strides, so channels-last weights stay
/// channels-last), their gradients are gathered into one flat gradient, and one Adam update
/// (TorchSharp's arithmetic, op for op) moves the flat buffer: about ten kernel launches per
/// step instead of eight per parameter tensor. On a GPU a DCGAN step at batch 64 is bound by
/// launches, not arithmetic. The update is element-wise the same as the per-parameter
/// optimizer's, so the results are identical.
/// </summary>
internal sealed class PackedAdam : IDisposable
{
    readonly Parameter[] parameters;
    readonly long[] offsets;
    readonly Parameter packed;
    readonly Adam.State state;

    public Adam Optimizer { get; }

    public PackedAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2)
    {
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0)
            throw new ArgumentException("no parameters to optimise", nameof(parameters));
        var first = this.parameters[0];
        offsets = new long[this.parameters.Length];
        var total = 0L;
        for (var i = 0; i < this.parameters.Length; i++)
        {
            if (!IsDense(this.parameters[i]))
                throw new ArgumentException($"parameter {i} is not dense; it cannot share a flat buffer", nameof(parameters));
            offsets[i] = total;
            total += this.parameters[i].numel();
        }

        using var noGrad = no_grad();
        packed = new Parameter(empty(total, dtype: first.dtype, device: first.device));
        using var storage = packed.detach();
        for (var i = 0; i < this.parameters.Length; i++)
        {
            var parameter = this.parameters[i];
            using var slot = View(storage, i);
            slot.copy_(parameter);
            parameter.set_(slot);
        }
        Optimizer = optim.Adam(new[] { packed }, learningRate, beta1, beta2);
        state = (Adam.State)Optimizer.state_dict().State[0];
    }

    /// <summary>Number of steps taken (shared by every parameter: each gets a gradient every step).</summary>
    public long StepCount
    {
        get => state.step;
        set => state.step = value;
    }

    /// <summary>The first and second moments of parameter <paramref name="index"/>, as views shaped like it.</summary>
    public (Tensor ExpAvg, Tensor ExpAvgSq) Moments(int index) => (View(state.exp_avg, index), View(state.exp_avg_sq, index));

    public int Count => parameters.Length;

    /// <summary>One Adam update from the gradients the last backward pass left on the parameters.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gradients = new Tensor[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var own = parameters[i].grad
                ?? throw new InvalidOperationException($"parameter {i} has no gradient; every parameter must take part in the loss");
            gradients[i] = StorageOrder(own, parameters[i]);
        }
        var gradient = cat(gradients);

        // TorchSharp's Adam.step, op for op (so results stay identical), with every Scalar held
        // in a local until the update is done. TorchSharp frees an implicitly converted Scalar on
        // the finalizer thread once it is unreachable, which can be while libtorch is still
        // reading it: one training run died of that ("Unknown scalar type.").
        var options = ((Adam.ParamGroup)Optimizer.ParamGroups.First()).Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value, lr = options.LearningRate!.Value;
        state.step += 1;
        var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
        var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
        using var keep1 = beta1.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        using var keep2 = beta2.ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var epsilon = eps.ToScalar();
        using var stepSize = (-(lr / biasCorrection1)).ToScalar();
        state.exp_avg.mul_(keep1).add_(gradient, take1);
        state.exp_avg_sq.mul_(keep2).addcmul_(gradient, gradient, take2);
        var denominator = state.exp_avg_sq.sqrt().div_(correction2).add_(epsilon);
        packed.addcdiv_(state.exp_avg, denominator, stepSize);
    }

    /// <summary>Parameter <paramref name="index"/>'s elements of a flat tensor, with that parameter's shape and strides.</summary>
    Tensor View(Tensor flat, int index)
    {
        var parameter = parameters[index];
        return flat.as_strided(parameter.shape, parameter.stride(), offsets[index]);
    }

    /// <summary>A gradient's elements in its parameter's memory order, as one row.</summary>
    static Tensor StorageOrder(Tensor gradient, Tensor parameter)
    {
        // Autograd gives dense parameters gradients with their strides: then the memory is the row.
        if (!gradient.stride().SequenceEqual(parameter.stride()))
        {
            var matching = empty_strided(parameter.shape, parameter.stride(), dtype: gradient.dtype, device: gradient.device);
            gradient = matching.copy_(gradient);
        }
        return gradient.as_strided([gradient.numel()], [1], gradient.storage_offset());
    }

    /// <summary>Whether the tensor's elements fill exactly numel() consecutive places of memory (contiguous in some dimension order).</summary>
    static bool IsDense(Tensor tensor)
    {
        var order = Enumerable.Range(0, (int)tensor.dim()).OrderBy(d => tensor.stride(d)).ThenBy(d => -d);
        var expected = 1L;
        foreach (var d in order)
        {
            if (tensor.shape[d] != 1 && tensor.stride(d) != expected)
                return false;
            expected *= tensor.shape[d];
        }
        return true;
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        packed.Dispose();
    }
}
