// Draws a PNG grid from a DCGAN generator exported with `dcgan export RUN --to onnx --out generator.onnx`,
// using only ONNX Runtime: no TorchSharp, no libtorch.
//   OnnxGrid generator.onnx grid.png [seed] [count]
// Image i of seed S is image i of `dcgan sample RUN --seed S` (see TorchNormalStream).
using Microsoft.ML.OnnxRuntime;
using OnnxGrid;

if (args.Length is < 2 or > 4 || !TryNumber(args, 2, 0UL, out var seed) || !TryNumber(args, 3, 64UL, out var count) || count is < 1 or > 1024)
{
    Console.Error.WriteLine("usage: OnnxGrid MODEL.onnx OUT.png [SEED (default 0)] [COUNT, 1-1024 (default 64)]");
    return 2;
}
var (modelPath, pngPath) = (args[0], args[1]);

try
{
    using var session = new InferenceSession(modelPath);
    var input = session.InputMetadata.Keys.Single();
    var nz = session.InputMetadata[input].Dimensions[1];
    var codes = TorchNormalStream.Codes(seed, (int)count, nz);
    using var z = OrtValue.CreateTensorValueFromMemory(codes, [(long)count, nz, 1, 1]);
    using var runOptions = new RunOptions();
    using var outputs = session.Run(runOptions, [input], [z], session.OutputNames);
    var images = outputs[0];
    File.WriteAllBytes(pngPath, GridImage.Png(images.GetTensorDataAsSpan<float>(), images.GetTensorTypeAndShape().Shape, perRow: 8));

    var about = session.ModelMetadata.CustomMetadataMap;
    Console.WriteLine($"Wrote {count} images of seed {seed} to {pngPath} ({about.GetValueOrDefault("image_size")}x{about.GetValueOrDefault("image_size")}, "
                      + $"{about.GetValueOrDefault("channels")} channel(s), nz={nz}, from {about.GetValueOrDefault("source", modelPath)})");
    return 0;
}
catch (Exception e) when (e is OnnxRuntimeException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}

static bool TryNumber(string[] args, int index, ulong fallback, out ulong value)
{
    value = fallback;
    return args.Length <= index || ulong.TryParse(args[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
}
