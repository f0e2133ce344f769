using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// One kind of file that generator weights can come from. <see cref="GeneratorLoader"/> asks its
/// sources in order; the first that recognises the file returns the generator's state_dict.
/// </summary>
internal interface IGeneratorWeightsSource
{
    /// <summary>
    /// The generator's tensors by state_dict name (main.0.weight, ...), which the caller disposes,
    /// or null when this source does not recognise the file so the next one may try. Throws
    /// <see cref="DcganException"/> for a file it recognises but cannot use.
    /// </summary>
    Dictionary<string, Tensor>? TryRead(string path, string role);
}
