using ScottPlot;
using SkiaSharp;

namespace DcganSharp.Imaging;

/// <summary>Makes ScottPlot draw all its text with <see cref="FigureFont"/>, whatever fonts the machine has.</summary>
internal static class PlotFonts
{
    static readonly object Gate = new();
    static bool registered;

    /// <summary>Registers the embedded font and makes it ScottPlot's default; call before creating plots. Idempotent.</summary>
    public static void Use()
    {
        lock (Gate)
        {
            if (!registered)
            {
                // Ahead of the system resolver, so nothing depends on installed fonts.
                Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
                registered = true;
            }
            Fonts.Default = FigureFont.FamilyName;
            Fonts.Sans = FigureFont.FamilyName;
        }
    }

    // One face serves every weight and slant: plots only need legible axis text.
    sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Create(fontName);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Create(fontName);

        static SKTypeface? Create(string fontName) =>
            string.Equals(fontName, FigureFont.FamilyName, StringComparison.Ordinal) ? FigureFont.Create() : null;
    }
}
