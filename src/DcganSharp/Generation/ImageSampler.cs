using DcganSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// Runs a generator for inference: no gradients, and BatchNorm either with its running statistics
/// (eval mode, the default: an image depends only on its own code) or with the statistics of the
/// batch being generated (train mode, what pytorch/examples does when it draws its samples).
/// In eval mode the generator is folded once (<see cref="FoldedGenerator"/>) when the sampler is
/// made, as part of loading it rather than of generating the first batch: its weights must not
/// change while the sampler is in use (make a new sampler after training steps).
/// A class-conditional generator draws image i of a stream in class <see cref="Classes"/>[i mod
/// their count] (every class in turn by default), so an image's class, like its code, depends on
/// its index only; walks and arithmetic keep to the first of them.
/// </summary>
internal sealed class ImageSampler(DcganGenerator generator, Device device, bool batchStatistics = false) : IDisposable
{
    FoldedGenerator? folded = batchStatistics ? null : new FoldedGenerator(generator);

    public DcganGenerator Generator { get; } = generator;

    /// <summary>The classes images are drawn in, in turn (conditional generators; ignored otherwise): every class by default.</summary>
    public IReadOnlyList<int> Classes
    {
        get;
        set
        {
            if (value.Count == 0 || value.Any(c => c < 0 || c >= Math.Max(1, Generator.Architecture.Classes)))
                throw new ArgumentOutOfRangeException(nameof(value), $"classes must be 0 to {Generator.Architecture.Classes - 1}");
            field = value;
        }
    } = [.. Enumerable.Range(0, Math.Max(1, generator.Architecture.Classes))];

    /// <summary>Runs <paramref name="work"/> with images drawn in <paramref name="classes"/> only, then puts <see cref="Classes"/> back as it was.</summary>
    public T InClasses<T>(IReadOnlyList<int> classes, Func<T> work)
    {
        var before = Classes;
        Classes = classes;
        try
        {
            return work();
        }
        finally
        {
            Classes = before;
        }
    }

    /// <summary>The classes of images <paramref name="first"/> to first + count - 1 of a stream; null for an unconditional generator.</summary>
    public Tensor? LabelsFor(long first, long count) =>
        Generator.Architecture.Conditional ? tensor(Enumerable.Range(0, (int)count).Select(i => (long)Classes[(int)((first + i) % Classes.Count)]).ToArray()) : null;

    /// <summary><paramref name="count"/> images all of the first of <see cref="Classes"/> (walks, arithmetic); null for an unconditional generator.</summary>
    public Tensor? OneClass(long count) => Generator.Architecture.Conditional ? full(count, (long)Classes[0], int64) : null;

    public Device Device { get; } = device;

    /// <summary>True when BatchNorm uses the batch's statistics (train mode).</summary>
    public bool BatchStatistics { get; } = batchStatistics;

    public ImageSampler(LoadedGenerator loaded, bool batchStatistics = false)
        : this(loaded.Generator, loaded.Device, batchStatistics)
    {
    }

    /// <summary>
    /// Images in [-1, 1], [N, nc, size, size] on the CPU, for codes [N, nz, 1, 1] (or [N, nz]),
    /// generated in one batch; a conditional generator draws them in classes <paramref name="labels"/>
    /// ([N] integers), or when null in <see cref="LabelsFor"/> the stream's first N.
    /// </summary>
    public Tensor Generate(Tensor codes, Tensor? labels = null)
    {
        if (codes.dim() == 2)
            codes = codes.unsqueeze(-1).unsqueeze(-1);
        var nz = Generator.Architecture.LatentSize;
        if (codes.dim() != 4 || codes.shape[1] != nz || codes.shape[2] != 1 || codes.shape[3] != 1)
            throw new ArgumentException($"expected codes of shape [N, {nz}, 1, 1], got [{string.Join(", ", codes.shape)}]");
        if (BatchStatistics && codes.shape[0] < 2)
            throw DcganException.Usage("--train-mode-bn needs at least 2 images per batch (BatchNorm over one image is undefined); raise --batch-size or drop --train-mode-bn");

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Leave the network in the mode it came in, for callers that also train it.
        var wasTraining = Generator.training;
        try
        {
            Generator.train(BatchStatistics);
            var input = codes.to(float32, Device);
            if (Generator.Architecture.Conditional)
                input = Generator.Condition(input, labels ?? LabelsFor(0, input.shape[0])!);
            // Eval-mode BatchNorm is a fixed affine map, so it folds into the convolutions.
            var images = (folded is null ? Generator.forward(input) : folded.Forward(input)).to(float32, CPU);
            return images.MoveToOuterDisposeScope();
        }
        finally
        {
            Generator.train(wasTraining);
        }
    }

    /// <summary>
    /// Images for many codes, <paramref name="batchSize"/> at a time (bounded device memory); same
    /// layout as <see cref="Generate(Tensor, Tensor)"/>.
    /// </summary>
    public Tensor Generate(Tensor codes, int batchSize, Tensor? labels = null)
    {
        using var scope = NewDisposeScope();
        labels ??= LabelsFor(0, codes.shape[0]);
        var parts = BatchRanges.Split(codes.shape[0], batchSize, BatchStatistics)
            .Select(batch => Generate(codes.narrow(0, batch.Start, batch.Length), labels?.narrow(0, batch.Start, batch.Length)))
            .ToList();
        var images = parts.Count == 1 ? parts[0] : cat(parts, 0);
        return images.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        folded?.Dispose();
        folded = null;
    }
}
