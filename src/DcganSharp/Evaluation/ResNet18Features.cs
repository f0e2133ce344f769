using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

using DcganSharp.IO;

namespace DcganSharp.Evaluation;

/// <summary>
/// The default judge of RGB samples: the 512-d pooled features of the ImageNet-trained ResNet18
/// that NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 ships as ONNX, prepared the way
/// that package prepares images (bilinear to 224x224, 0-255 pixels, RGB to BGR, minus its mean
/// image), and run by ONNX Runtime. FIDs on these features are "FID-ResNet18": they compare runs
/// and datasets measured here, not numbers published with Inception-v3.
/// </summary>
/// <remarks>
/// ONNX Runtime rather than the same network in TorchSharp because it is faster on the CPU
/// (bench/quality/README.md, "The judge"). The model's batch size is fixed at 1, so images go
/// through one at a time; at ~1.8 GFLOP an image the call overhead does not show. The mean image
/// is read by running the package's own preprocessing model on a black image (it returns minus
/// the mean), so no ONNX parsing is needed and the numbers follow the package's file.
/// </remarks>
internal sealed class ResNet18Features : IFeatureExtractor
{
    public const int InputSize = 224;
    public const int PoolFeatures = 512;

    /// <summary>The name of FIDs measured with this network, in every output.</summary>
    public const string Fid = "FID-ResNet18";

    // Part of the cache key: a change to how images are prepared must not reuse old statistics.
    const string PreparationVersion = "bilinear224-bgr-mean-v1";

    const int PrepareChunk = 16;

    readonly InferenceSession session;
    readonly SessionOptions sessionOptions;
    readonly RunOptions runOptions = new();
    readonly Tensor meanImage;
    readonly string inputName;
    readonly string outputName;

    ResNet18Features(InferenceSession session, SessionOptions sessionOptions, Tensor meanImage, string identity, int threads)
    {
        this.session = session;
        this.sessionOptions = sessionOptions;
        this.meanImage = meanImage;
        inputName = session.InputNames[0];
        outputName = session.OutputNames[0];
        Identity = identity;
        Threads = threads;
    }

    public string Description => $"ResNet18 pool features (512-d, ImageNet-trained, images bilinear to 224x224, BGR minus the mean image) from NuGet package {ResNet18Model.Package}, by ONNX Runtime on {Threads} thread(s)";

    public string FidName => Fid;

    public string Identity { get; }

    public int FeatureSize => PoolFeatures;

    public IReadOnlyList<string> ClassNames => [];

    /// <summary>ONNX Runtime runs on the CPU whatever device the images come from.</summary>
    public Device Device => CPU;

    /// <summary>ONNX Runtime's intra-op threads.</summary>
    public int Threads { get; }

    /// <summary>
    /// Opens the model beside the program (<see cref="ResNet18Model.DefaultFolder"/>) or in
    /// <paramref name="folder"/>, with <paramref name="threads"/> intra-op threads (default:
    /// libtorch's count, so the judge uses the cores training uses).
    /// </summary>
    public static ResNet18Features Open(string? folder = null, int? threads = null)
    {
        ResNet18Model.CheckPresent(folder);
        var networkPath = ResNet18Model.NetworkPath(folder);
        var preprocessPath = ResNet18Model.PreprocessPath(folder);
        var count = Math.Max(1, threads ?? get_num_threads());
        var options = NewSessionOptions(count);
        try
        {
            var mean = MeanImage(preprocessPath, options);
            try
            {
                var session = Run(() => new InferenceSession(networkPath, options), networkPath);
                CheckShapes(session, networkPath);
                var identity = $"resnet18-onnx:{ContentHash.OfFile(networkPath)[..16]}:{ContentHash.OfFile(preprocessPath)[..16]}:{PreparationVersion}";
                return new ResNet18Features(session, options, mean, identity, count);
            }
            catch
            {
                mean.Dispose();
                throw;
            }
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>Session settings shared by both models: quiet, sequential, no spinning between runs.</summary>
    public static SessionOptions NewSessionOptions(int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Idle threads must not spin: between measurements the cores belong to libtorch's training.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public void CheckChannels(int channels, string what)
    {
        if (channels is not (1 or 3))
            throw DcganException.Usage($"{what} has {channels} channels; ResNet18 features need gray (1) or RGB (3) images");
    }

    public FeatureBatch Extract(Tensor images)
    {
        CheckChannels((int)images.shape[1], "the image batch");
        var count = images.shape[0];
        var features = new float[count * PoolFeatures];
        var length = 3 * InputSize * InputSize;
        // Prepared a few at a time: 224x224 inputs are 0.6 MB an image.
        for (long start = 0; start < count; start += PrepareChunk)
        {
            var chunk = Math.Min(PrepareChunk, count - start);
            float[] pixels;
            using (var part = images.narrow(0, start, chunk))
            using (var prepared = Prepare(part))
                pixels = prepared.data<float>().ToArray();
            for (var i = 0; i < chunk; i++)
            {
                using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(pixels, (int)(i * length), length), [1, 3, InputSize, InputSize]);
                using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(features, (int)((start + i) * PoolFeatures), PoolFeatures), [1, PoolFeatures, 1, 1]);
                session.Run(runOptions, [inputName], [inputValue], [outputName], [outputValue]);
            }
        }
        return new FeatureBatch(tensor(features, [count, PoolFeatures]), null);
    }

    /// <summary>
    /// The network's input for images [N, C, H, W] in [-1, 1]: [N, 3, 224, 224] float32 on the
    /// CPU, bilinear-resized (antialiased when shrinking), as 0-255 pixels in BGR order minus the
    /// package's mean image. Gray images are repeated over three channels.
    /// </summary>
    public Tensor Prepare(Tensor images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var rgb = images.to(float32, CPU);
        if (rgb.shape[1] == 1)
            rgb = rgb.expand(-1, 3, -1, -1);
        var pixels = (ImageResize.To(rgb, InputSize) + 1) * 127.5f;
        var bgr = pixels.flip(1) - meanImage;
        return bgr.contiguous().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
        sessionOptions.Dispose();
        meanImage.Dispose();
    }

    // The preprocessing model maps an image x to BGR(x) - mean, so a black image gives -mean.
    static Tensor MeanImage(string preprocessPath, SessionOptions options)
    {
        using var preprocess = Run(() => new InferenceSession(preprocessPath, options), preprocessPath);
        var black = new float[3 * InputSize * InputSize];
        var result = new float[black.Length];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(black, [1, 3, InputSize, InputSize]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(result, [1, 3, InputSize, InputSize]);
        using var run = new RunOptions();
        Run(() =>
        {
            preprocess.Run(run, [preprocess.InputNames[0]], [inputValue], [preprocess.OutputNames[0]], [outputValue]);
            return true;
        }, preprocessPath);
        using var negative = tensor(result, [3, InputSize, InputSize]);
        return negative.neg();
    }

    static void CheckShapes(InferenceSession session, string path)
    {
        var inputShape = session.InputMetadata.Values.Single().Dimensions;
        var outputShape = session.OutputMetadata.Values.Single().Dimensions;
        if (!inputShape.SequenceEqual([1, 3, InputSize, InputSize]) || outputShape.Length < 2 || outputShape[1] != PoolFeatures)
        {
            session.Dispose();
            throw new DcganException($"'{path}' takes [{string.Join(", ", inputShape)}] and gives [{string.Join(", ", outputShape)}], not the 1x3x224x224 to 512 features of {ResNet18Model.Package}; restore that package's file");
        }
    }

    // ONNX Runtime's own failures (a damaged file) become one line naming the file.
    static T Run<T>(Func<T> action, string path)
    {
        try
        {
            return action();
        }
        catch (OnnxRuntimeException e)
        {
            throw new DcganException($"ONNX Runtime cannot use '{path}' ({e.Message.ReplaceLineEndings(" ")}); restore the file from NuGet package {ResNet18Model.Package}", e);
        }
    }
}
