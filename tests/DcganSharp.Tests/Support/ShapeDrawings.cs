using DcganSharp.Imaging;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Small RGB pictures with sharp outlines, a stand-in for drawn faces: a plain background with a
/// coloured rectangle and a disc at random places. Image i of a seed is always the same picture.
/// </summary>
internal static class ShapeDrawings
{
    /// <summary><paramref name="count"/> pictures as [N, 3, size, size] bytes (CHW), seeded.</summary>
    public static byte[][] Pixels(int count, int size, int seed)
    {
        var random = new Random(seed);
        var images = new byte[count][];
        for (var n = 0; n < count; n++)
        {
            var background = Enumerable.Range(0, 3).Select(_ => (byte)random.Next(180, 256)).ToArray();
            var box = Enumerable.Range(0, 3).Select(_ => (byte)random.Next(0, 120)).ToArray();
            var disc = Enumerable.Range(0, 3).Select(_ => (byte)random.Next(0, 256)).ToArray();
            var (x0, y0) = (random.Next(0, size / 2), random.Next(0, size / 2));
            var (x1, y1) = (x0 + random.Next(size / 4, size / 2), y0 + random.Next(size / 4, size / 2));
            var (cx, cy, r) = (random.Next(size / 4, 3 * size / 4), random.Next(size / 4, 3 * size / 4), random.Next(size / 8, size / 4));
            var pixels = new byte[3 * size * size];
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var colour = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r ? disc
                        : x >= x0 && x < x1 && y >= y0 && y < y1 ? box
                        : background;
                    for (var c = 0; c < 3; c++)
                        pixels[(c * size + y) * size + x] = colour[c];
                }
            }
            images[n] = pixels;
        }
        return images;
    }

    /// <summary>The pictures as a [N, 3, size, size] float tensor in [-1, 1], as datasets deliver them.</summary>
    public static Tensor Tensor(int count, int size, int seed)
    {
        var pixels = Pixels(count, size, seed).SelectMany(p => p).Select(b => b / 127.5f - 1f).ToArray();
        return tensor(pixels, [count, 3, size, size]);
    }

    /// <summary>Writes the pictures as PNG files 0.png, 1.png, ... into <paramref name="folder"/> and returns it.</summary>
    public static string WriteFolder(string folder, int count, int size, int seed)
    {
        Directory.CreateDirectory(folder);
        var all = Pixels(count, size, seed);
        for (var n = 0; n < count; n++)
        {
            // PNG wants interleaved RGB rows.
            var interleaved = new byte[all[n].Length];
            for (var i = 0; i < size * size; i++)
            {
                for (var c = 0; c < 3; c++)
                    interleaved[i * 3 + c] = all[n][c * size * size + i];
            }
            File.WriteAllBytes(Path.Combine(folder, $"{n}.png"), PngFile.Encode(interleaved, size, size, 3));
        }
        return folder;
    }
}
