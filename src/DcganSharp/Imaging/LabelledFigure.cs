using DcganSharp.IO;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Imaging;

/// <summary>One picture in a <see cref="LabelledFigure"/> row.</summary>
/// <param name="Pixels">uint8 [H, W, 1|3]; every cell of a figure has the same size.</param>
/// <param name="Caption">Small text under the picture, or null.</param>
/// <param name="GapBefore">Leave a wider space before this cell, to set it apart (e.g. a mean).</param>
/// <param name="Highlight">Frame the cell, to mark the result.</param>
internal sealed record FigureCell(Tensor Pixels, string? Caption = null, bool GapBefore = false, bool Highlight = false);

/// <summary>A row of a <see cref="LabelledFigure"/>: a label on the left, then pictures.</summary>
internal sealed record FigureRow(string Label, IReadOnlyList<FigureCell> Cells);

/// <summary>
/// Rows of images with text labels and captions on a white page, drawn with SkiaSharp and the
/// embedded <see cref="FigureFont"/> (for figures like the DCGAN paper's vector arithmetic).
/// </summary>
internal static class LabelledFigure
{
    const int Margin = 12;
    const int CellSpacing = 4;
    const int RowSpacing = 10;

    /// <summary>Writes the figure as a PNG, atomically.</summary>
    public static void Write(string path, IReadOnlyList<FigureRow> rows, string? title = null) =>
        AtomicFile.WriteAllBytes(path, Encode(rows, title));

    /// <summary>The figure as PNG bytes.</summary>
    public static byte[] Encode(IReadOnlyList<FigureRow> rows, string? title = null)
    {
        if (rows.Count == 0 || rows.Any(r => r.Cells.Count == 0))
            throw new ArgumentException("a figure needs rows with at least one picture each");
        var first = rows[0].Cells[0].Pixels;
        var (cellHeight, cellWidth) = ((int)first.shape[0], (int)first.shape[1]);
        if (rows.SelectMany(r => r.Cells).Any(c => c.Pixels.dim() != 3 || c.Pixels.shape[0] != cellHeight || c.Pixels.shape[1] != cellWidth))
            throw new ArgumentException("every picture of a figure must have the same size");

        using var typeface = FigureFont.Create();
        using var labelFont = new SKFont(typeface, Math.Clamp(cellHeight / 5f, 13, 22));
        using var captionFont = new SKFont(typeface, Math.Clamp(cellHeight / 7f, 10, 16));
        using var titleFont = new SKFont(typeface, labelFont.Size * 1.25f);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(220, 40, 40), Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = false };

        var labelWidth = (int)Math.Ceiling(rows.Max(r => labelFont.MeasureText(r.Label))) + Margin;
        var gap = Math.Max(cellWidth / 3, 12);
        var hasCaptions = rows.Any(r => r.Cells.Any(c => c.Caption is not null));
        var captionHeight = hasCaptions ? (int)Math.Ceiling(captionFont.Spacing) + 2 : 0;
        var rowHeight = cellHeight + captionHeight;
        var titleHeight = title is null ? 0 : (int)Math.Ceiling(titleFont.Spacing) + RowSpacing;
        var rowsWidth = rows.Max(r => r.Cells.Sum(c => cellWidth + CellSpacing + (c.GapBefore ? gap : 0)));
        var width = Margin + labelWidth + rowsWidth + Margin;
        var height = Margin + titleHeight + rows.Count * (rowHeight + RowSpacing) - RowSpacing + Margin;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} figure");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (title is not null)
            canvas.DrawText(title, Margin, Margin - titleFont.Metrics.Ascent, titleFont, ink);

        var top = Margin + titleHeight;
        foreach (var row in rows)
        {
            // Label centred on the pictures, not on the captions.
            var baseline = top + cellHeight / 2f - (labelFont.Metrics.Ascent + labelFont.Metrics.Descent) / 2;
            canvas.DrawText(row.Label, Margin, baseline, labelFont, ink);
            var left = Margin + labelWidth;
            foreach (var cell in row.Cells)
            {
                if (cell.GapBefore)
                    left += gap;
                using (var bitmap = ToBitmap(cell.Pixels))
                    canvas.DrawBitmap(bitmap, left, top);
                if (cell.Highlight)
                    canvas.DrawRect(left - 2, top - 2, cellWidth + 3, cellHeight + 3, frame);
                if (cell.Caption is { } caption)
                {
                    var textWidth = captionFont.MeasureText(caption);
                    canvas.DrawText(caption, left + (cellWidth - textWidth) / 2, top + cellHeight + 2 - captionFont.Metrics.Ascent, captionFont, ink);
                }
                left += cellWidth + CellSpacing;
            }
            top += rowHeight + RowSpacing;
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the figure");
        return png.ToArray();
    }

    static SKBitmap ToBitmap(Tensor hwcBytes)
    {
        if (hwcBytes.dtype != ScalarType.Byte || hwcBytes.shape[2] is not (1 or 3))
            throw new ArgumentException($"expected uint8 [H, W, 1|3] pixels, got {hwcBytes.dtype} [{string.Join(", ", hwcBytes.shape)}]");
        using var scope = NewDisposeScope();
        var rgb = hwcBytes.shape[2] == 1 ? hwcBytes.expand(-1, -1, 3) : hwcBytes;
        var rgba = cat(new[] { rgb.cpu(), full(new long[] { rgb.shape[0], rgb.shape[1], 1 }, (byte)255, dtype: uint8) }, 2).contiguous();
        var bitmap = new SKBitmap(new SKImageInfo((int)rgb.shape[1], (int)rgb.shape[0], SKColorType.Rgba8888, SKAlphaType.Opaque));
        rgba.bytes.CopyTo(bitmap.GetPixelSpan());
        return bitmap;
    }
}
