using TorchSharp;

namespace DcganSharp.Data;

/// <summary>
/// A batch of training images ([N, C, H, W] floats in [-1, 1], on the CPU) with the dataset
/// indices they came from. The consumer disposes it.
/// </summary>
internal sealed class Batch : IDisposable
{
    public Batch(torch.Tensor images, int[] indices)
    {
        Images = images;
        Indices = indices;
    }

    public torch.Tensor Images { get; }

    public int[] Indices { get; }

    public int Count => Indices.Length;

    public void Dispose() => Images.Dispose();
}
