using DcganSharp.IO;
using SkiaSharp;

namespace DcganSharp.Imaging;

/// <summary>
/// The typeface for text in figures and plots, embedded in the assembly: a subset of DejaVu Sans
/// (Fonts/make-font-subset.sh). SkiaSharp's NoDependencies build has no fontconfig and finds
/// system fonts only where /usr/share/fonts happens to hold some, so without an embedded font
/// labels would silently vanish on minimal machines and containers, or change with the machine.
/// </summary>
internal static class FigureFont
{
    /// <summary>The family name under which plots ask for it.</summary>
    public const string FamilyName = "DcganSharp Sans";

    const string ResourceName = "DcganSharp.Fonts.DejaVuSans.ttf";

    static readonly Lazy<byte[]> Bytes = new(() => EmbeddedResource.ReadAllBytes(typeof(FigureFont).Assembly, ResourceName));

    static readonly Lazy<SKTypeface> Shared = new(Create);

    /// <summary>One shared instance; do not dispose it.</summary>
    public static SKTypeface Typeface => Shared.Value;

    /// <summary>A new instance, for owners that dispose what they are given.</summary>
    public static SKTypeface Create()
    {
        using var data = SKData.CreateCopy(Bytes.Value);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("SkiaSharp could not read the embedded font");
    }
}
