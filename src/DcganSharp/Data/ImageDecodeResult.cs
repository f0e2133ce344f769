using System.Diagnostics.CodeAnalysis;

namespace DcganSharp.Data;

/// <summary>
/// The outcome of decoding one file: on success its header and the size the codec actually
/// decoded at (smaller than the header's for JPEG and WebP scaled decoding); on failure a
/// short reason for the warning, and the header when the file got that far.
/// </summary>
internal sealed record ImageDecodeResult(ImageHeader? Header, string? Problem, int DecodedWidth = 0, int DecodedHeight = 0)
{
    [MemberNotNullWhen(false, nameof(Problem))]
    [MemberNotNullWhen(true, nameof(Header))]
    public bool Succeeded => Problem is null && Header is not null;

    public static ImageDecodeResult Failed(string problem, ImageHeader? header = null) => new(header, problem);
}
