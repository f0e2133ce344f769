using DcganSharp.Generation;
using DcganSharp.Imaging;
using DcganSharp.Runs;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp;

/// <summary>
/// The library's front door: train a DCGAN, load a trained generator, encode images.
/// <code>
/// using var generator = Dcgan.Train(new DcganOptions { Dataset = DatasetKind.Mnist, DataRoot = "data", ImageSize = 32, Epochs = 10 });
/// generator.SaveGrid("digits.png", count: 64, seed: 0);
/// </code>
/// Argument errors are <see cref="ArgumentException"/>s; bad or missing files and failed training
/// are <see cref="DcganException"/>s whose message names the file and the fix.
/// </summary>
public static class Dcgan
{
    /// <summary>
    /// Trains a DCGAN as `dcgan train` does (same files in <see cref="DcganOptions.OutputFolder"/>,
    /// same checkpoints, so a cancelled run can be resumed with <see cref="DcganOptions.Resume"/>
    /// or `dcgan train --resume`), then loads the trained generator (the averaged one under the
    /// quality recipe).
    /// </summary>
    /// <param name="options">What to train on and how. With <see cref="DcganOptions.Resume"/>, the settings left at their defaults keep the run's values.</param>
    /// <param name="progress">Told about every training iteration (losses, D's outputs, throughput, time left).</param>
    /// <param name="cancellationToken">Stops training after the current iteration, saving a checkpoint first.</param>
    /// <param name="log">Receives the run's information and warning lines (what the command line prints); null: dropped.</param>
    /// <returns>The trained generator, on the device it was trained on; dispose it when done.</returns>
    /// <exception cref="ArgumentException">An option is out of range, missing or contradicts another; <see cref="ArgumentException.ParamName"/> is the property.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the run's checkpoint was saved first.</exception>
    /// <exception cref="DcganException">The data or a file could not be read or written, or training diverged.</exception>
    public static TrainedGenerator Train(DcganOptions options, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // What a resumed run takes from its call rather than its checkpoint: the settings set away from their defaults.
        var given = options with { Explicit = StoredSettings.SetAwayFromDefaults(options) };
        var reporter = new CallbackReporter(progress, log);
        try
        {
            var result = new DcganTrainer(given, reporter, SettingNames.Library).Run(cancellationToken);
            if (result.Interrupted)
                throw new OperationCanceledException($"training was cancelled at step {result.Progress.GlobalStep}; its checkpoint in '{result.OutputFolder}' resumes it", cancellationToken);
            var loaded = GeneratorLoader.Default.Load(result.OutputFolder, device: ComputeDevice.Resolve(given.Device, given.DeviceIndex));
            return new TrainedGenerator(loaded, result.OutputFolder, result.Seed, result.Iterations);
        }
        catch (SettingException e)
        {
            throw new ArgumentException(e.Message, e.Property, e);
        }
    }

    /// <summary>
    /// Loads a generator: a .pth state_dict (from pytorch/examples, or saved by
    /// <see cref="TrainedGenerator.Save"/>), a training checkpoint, or a training output folder.
    /// From a folder: its netG_best.pth when it has one (the generator that `dcgan train
    /// --eval-every` measured best, lowest FID; its score is in netG_best.json beside it), else its
    /// checkpoint's generator average (the raw generator under the reference recipe), else its
    /// latest netG_ema_epoch_N.pth or netG_epoch_N.pth. <see cref="TrainedGenerator.WeightsPath"/>
    /// says which file was taken. The architecture is read from the weights' shapes.
    /// </summary>
    /// <param name="path">A weights file or a run folder.</param>
    /// <param name="device">Where the generator runs.</param>
    /// <exception cref="DcganException">The file is missing, damaged or not a DCGAN generator.</exception>
    public static TrainedGenerator LoadGenerator(string path, ComputeTarget device = ComputeTarget.Cpu)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Device target;
        try
        {
            target = ComputeDevice.Resolve(device, names: SettingNames.Parameter(nameof(device)));
        }
        catch (SettingException e)
        {
            throw new ArgumentException(e.Message, nameof(device), e);
        }
        var loaded = GeneratorLoader.Default.Load(path, device: target);
        return new TrainedGenerator(loaded, Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!, seed: null, iterations: null);
    }

    /// <summary>
    /// PNG bytes of a grid of images (as pytorch's save_image lays them out: rows of
    /// <paramref name="imagesPerRow"/>, 2-pixel padding).
    /// </summary>
    /// <param name="images">[N, C, H, W] in [-1, 1], C being 1 or 3, e.g. from <see cref="TrainedGenerator.Sample(int, long)"/>.</param>
    /// <param name="imagesPerRow">Images in each row of the grid.</param>
    public static byte[] EncodeGridPng(Tensor images, int imagesPerRow = 8)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] == 0)
            throw new ArgumentException($"images must be a non-empty [N, C, H, W] tensor, not [{string.Join(", ", images.shape)}]", nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerRow, 1);
        using var scope = NewDisposeScope();
        return PngFile.Encode(ImageGrid.ToRgbBytes(images.cpu(), imagesPerRow, normalize: false));
    }

    /// <summary>PNG bytes of one image.</summary>
    /// <param name="image">[C, H, W] in [-1, 1], C being 1 or 3.</param>
    public static byte[] EncodePng(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3)
            throw new ArgumentException($"image must be a [C, H, W] tensor, not [{string.Join(", ", image.shape)}]", nameof(image));
        using var scope = NewDisposeScope();
        return PngFile.Encode(PixelBytes.FromSigned(image.unsqueeze(0).cpu())[0]);
    }
}
