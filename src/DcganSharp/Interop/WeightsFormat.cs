namespace DcganSharp.Interop;

/// <summary>The two on-disk formats for network weights that dcgan-sharp reads and writes.</summary>
internal enum WeightsFormat
{
    /// <summary>PyTorch's <c>torch.save(net.state_dict())</c> file (.pth), as pytorch/examples writes: a zip archive, or before PyTorch 1.6 a sequence of pickles.</summary>
    PyTorch,

    /// <summary>TorchSharp's native <c>module.save</c> / <c>Module.load</c> stream.</summary>
    TorchSharp,
}

/// <summary>Tells the formats apart by content, never by file name.</summary>
internal static class WeightsFormatDetector
{
    /// <summary>The format of <paramref name="path"/>, or a <see cref="DcganException"/> for files no reader accepts.</summary>
    public static WeightsFormat Detect(string path, string role = "weights")
    {
        if (Directory.Exists(path))
            throw new DcganException($"{role} file '{path}' is a folder; give the path of a weights file");
        if (!File.Exists(path))
            throw new DcganException($"{role} file '{path}' not found; check the path");

        Span<byte> head = stackalloc byte[4];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"{role} file '{path}' cannot be read ({IO.AtomicFile.Describe(e)}); check its permissions", e);
        }

        if (read == 0)
            throw new DcganException($"{role} file '{path}' is empty; it was probably cut short while being written, so use an earlier one");
        // Zip local-file header: every torch.save file since PyTorch 1.6.
        if (read == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
            return WeightsFormat.PyTorch;
        // A bare pickle (protocol 2+ opcode): torch.save before 1.6 or with _use_new_zipfile_serialization=False.
        if (head[0] == 0x80)
            return WeightsFormat.PyTorch;
        return WeightsFormat.TorchSharp;
    }
}
