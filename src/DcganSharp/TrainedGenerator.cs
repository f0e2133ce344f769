using DcganSharp.Export;
using DcganSharp.Generation;
using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.IO;
using static TorchSharp.torch;

namespace DcganSharp;

/// <summary>
/// A trained DCGAN generator, ready to make images. Image <c>i</c> of seed <c>s</c> is the same
/// image `dcgan sample --seed s` writes as number <c>i</c>, whatever the count. Not thread-safe:
/// use one instance per thread. Dispose it to free its weights.
/// </summary>
public sealed class TrainedGenerator : IDisposable
{
    readonly LoadedGenerator loaded;
    readonly ImageSampler sampler;

    internal TrainedGenerator(LoadedGenerator loaded, string runFolder, int? seed, long? iterations)
    {
        this.loaded = loaded;
        sampler = new ImageSampler(loaded);
        RunFolder = runFolder;
        Seed = seed;
        Iterations = iterations;
    }

    /// <summary>Side of the square images it makes.</summary>
    public int ImageSize => loaded.Architecture.ImageSize;

    /// <summary>1 (grayscale) or 3 (colour).</summary>
    public int Channels => loaded.Architecture.Channels;

    /// <summary>nz: length of the latent codes it takes.</summary>
    public int LatentSize => loaded.Architecture.LatentSize;

    /// <summary>
    /// The classes of a class-conditional generator (trained with <see cref="DcganOptions.Conditional"/>)
    /// in label order, e.g. "0" to "9" for MNIST; empty for an unconditional one.
    /// </summary>
    public IReadOnlyList<string> ClassNames => loaded.ClassNames;

    /// <summary>The file its weights came from.</summary>
    public string WeightsPath => loaded.WeightsPath;

    /// <summary>The training run's output folder (checkpoints, grids, netG_epoch_N.pth), or the weights' folder when loaded.</summary>
    public string RunFolder { get; }

    /// <summary>The seed it was trained with; null when loaded from a file.</summary>
    public int? Seed { get; }

    /// <summary>Training iterations of this run; null when loaded from a file.</summary>
    public long? Iterations { get; }

    /// <summary>Images for seed <paramref name="seed"/>'s codes 0 to count - 1: [count, C, H, W] in [-1, 1], on the CPU.</summary>
    /// <param name="count">How many images (1 to 100,000).</param>
    /// <param name="seed">Which stream of latent codes.</param>
    /// <remarks>A class-conditional generator draws image i in class i mod <see cref="ClassNames"/>' count (every class in turn).</remarks>
    public Tensor Sample(int count, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        using var scope = NewDisposeScope();
        using var codes = new LatentCodes(LatentSize, seed);
        return sampler.Generate(codes.Next(count), batchSize: 256).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Images of class <paramref name="label"/> for seed <paramref name="seed"/>'s codes 0 to count - 1,
    /// from a class-conditional generator: [count, C, H, W] in [-1, 1], on the CPU; the codes are
    /// those of <see cref="Sample(int, long)"/>, so only the class differs.
    /// </summary>
    /// <param name="count">How many images (1 to 100,000).</param>
    /// <param name="seed">Which stream of latent codes.</param>
    /// <param name="label">A class name from <see cref="ClassNames"/> (exactly, else ignoring case) or its number ("7").</param>
    /// <exception cref="DcganException">The generator is unconditional, or <paramref name="label"/> is none of its classes (the message lists them).</exception>
    public Tensor Sample(int count, long seed, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100_000);
        var labels = ClassSelection.Resolve([label], ClassNames, "label", $"generator '{WeightsPath}'");
        return sampler.InClasses(labels, () => Sample(count, seed));
    }

    /// <summary>Images for the given latent codes, [N, nz, 1, 1] or [N, nz]: [N, C, H, W] in [-1, 1], on the CPU.</summary>
    public Tensor Generate(Tensor codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.dim() is not (2 or 4) || codes.shape[1] != LatentSize)
            throw new ArgumentException($"codes must be [N, {LatentSize}] or [N, {LatentSize}, 1, 1], not [{string.Join(", ", codes.shape)}]", nameof(codes));
        return sampler.Generate(codes, batchSize: 256);
    }

    /// <summary>Each of <see cref="Sample(int, long)"/>'s images as PNG bytes.</summary>
    public IReadOnlyList<byte[]> SamplePngs(int count, long seed = 0)
    {
        using var images = Sample(count, seed);
        return [.. Enumerable.Range(0, count).Select(i => { using var image = images[i]; return Dcgan.EncodePng(image); })];
    }

    /// <summary>PNG bytes of a grid of <see cref="Sample(int, long)"/>'s images, <paramref name="imagesPerRow"/> to a row.</summary>
    public byte[] SampleGridPng(int count = 64, long seed = 0, int imagesPerRow = 8)
    {
        using var images = Sample(count, seed);
        return Dcgan.EncodeGridPng(images, imagesPerRow);
    }

    /// <summary>Writes <see cref="SampleGridPng"/> to <paramref name="path"/> (created or replaced whole).</summary>
    public void SaveGrid(string path, int count = 64, long seed = 0, int imagesPerRow = 8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, SampleGridPng(count, seed, imagesPerRow));
    }

    /// <summary>Writes <see cref="Sample(int, long)"/>'s images as sample_00000.png, ... into <paramref name="folder"/>; returns their paths.</summary>
    public IReadOnlyList<string> SaveImages(string folder, int count, long seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var pngs = SamplePngs(count, seed);
        var paths = new List<string>(count);
        for (var i = 0; i < pngs.Count; i++)
        {
            var path = Path.Combine(folder, SampleWriter.ImageFileName(i, count));
            AtomicFile.WriteAllBytes(path, pngs[i]);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>
    /// The walk from image 0 of seed <paramref name="fromSeed"/> to image 0 of seed
    /// <paramref name="toSeed"/> in <paramref name="steps"/> images, ends included: [steps, C, H, W] in [-1, 1].
    /// </summary>
    public Tensor Interpolate(long fromSeed, long toSeed, int steps = 10, InterpolationMethod method = InterpolationMethod.Spherical)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, 10_000);
        using var scope = NewDisposeScope();
        var codes = LatentInterpolation.Walk(LatentCodes.First(LatentSize, fromSeed), LatentCodes.First(LatentSize, toSeed), steps, method);
        return sampler.Generate(codes, batchSize: 256).MoveToOuterDisposeScope();
    }

    /// <summary>Saves the weights as a PyTorch state_dict .pth that pytorch/examples' Generator loads.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        StateDictFile.Save(loaded.Generator, path);
    }

    /// <summary>
    /// Writes the generator as an ONNX model for ONNX Runtime (<c>Microsoft.ML.OnnxRuntime</c>,
    /// <c>onnxruntime-web</c>) or any other ONNX reader, without TorchSharp or libtorch: input
    /// <c>z</c> float32 [N, nz, 1, 1] with N free, output <c>images</c> float32 [N, C, H, W] in
    /// [-1, 1], the same images as <see cref="Generate"/> up to float rounding (eval mode, BatchNorm
    /// folded into the convolutions). IR version 8, opset 17. Its metadata_props hold nz,
    /// image_size, channels and ngf, and where known the weights' source file, whether they are the
    /// generator average, the recipe, dataset, seed and iterations of the run.
    /// </summary>
    /// <param name="path">The .onnx file to write; created or replaced whole (a failure leaves an existing file as it was).</param>
    /// <exception cref="DcganException">The file could not be written.</exception>
    public void ExportOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var provenance = GeneratorProvenance.Of(loaded);
        provenance = provenance with { Seed = Seed ?? provenance.Seed, Iterations = Iterations ?? provenance.Iterations };
        GeneratorOnnxModel.Save(GeneratorOnnxModel.Build(loaded.Generator, provenance), path);
    }

    /// <summary>Frees the weights.</summary>
    public void Dispose()
    {
        sampler.Dispose();
        loaded.Dispose();
    }
}
