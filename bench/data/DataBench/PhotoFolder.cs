using SkiaSharp;

namespace DcganSharp.Bench.Data;

/// <summary>
/// A folder of photo-like JPEGs (gradients, soft shapes, fine noise; 200-300 pixels a side,
/// quality 90) so decoding costs what real photos cost. Made once and reused.
/// </summary>
static class PhotoFolder
{
    public static void Ensure(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var existing = Directory.GetFiles(folder, "*.jpg").Length;
        if (existing >= count)
            return;
        Console.WriteLine($"writing {count - existing} photo-like JPEGs to '{folder}'...");
        Parallel.For(existing, count, i =>
        {
            var random = new Random(i);
            var (width, height) = (random.Next(200, 301), random.Next(200, 301));
            using var bitmap = new SKBitmap(width, height);
            using (var canvas = new SKCanvas(bitmap))
            {
                using var background = new SKPaint
                {
                    Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                        [Colour(random), Colour(random)], SKShaderTileMode.Clamp),
                };
                canvas.DrawRect(0, 0, width, height, background);
                for (var s = 0; s < 25; s++)
                {
                    using var paint = new SKPaint { Color = Colour(random).WithAlpha((byte)random.Next(60, 220)), IsAntialias = true };
                    canvas.DrawOval(random.Next(width), random.Next(height), random.Next(5, width / 3), random.Next(5, height / 3), paint);
                }
            }
            // Sensor-like noise, which is what makes real JPEGs expensive to decode.
            var pixels = bitmap.GetPixelSpan();
            for (var p = 0; p < pixels.Length; p++)
            {
                if (p % 4 != 3)
                    pixels[p] = (byte)Math.Clamp(pixels[p] + random.Next(-12, 13), 0, 255);
            }
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(Path.Combine(folder, $"{i:D5}.jpg"), data.ToArray());
        });
    }

    static SKColor Colour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
