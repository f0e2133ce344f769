using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.IO;

/// <summary>Direct access to a CPU tensor's storage, so loaders decode into it and images leave it without element-by-element copies.</summary>
internal static class TensorMemory
{
    /// <summary>
    /// The elements of a contiguous float32 CPU tensor, as a span over the tensor's own memory
    /// (TorchSharp's <c>bytes</c> wraps the native data pointer). Valid only while the tensor
    /// is alive; callers keep both in the same scope.
    /// </summary>
    public static Span<float> Floats(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32 || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"expected a contiguous float32 CPU tensor, got {tensor.dtype} on {tensor.device}");
        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    /// <summary>The elements of a contiguous uint8 CPU tensor, as a span over its own memory (copying
    /// through TorchSharp's element accessor costs about 40 ns a byte).</summary>
    public static ReadOnlySpan<byte> Bytes(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Byte || tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"expected a contiguous uint8 CPU tensor, got {tensor.dtype} on {tensor.device}");
        return tensor.bytes;
    }
}
