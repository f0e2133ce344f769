using System.Formats.Tar;
using System.IO.Compression;
using DcganSharp.Data;

namespace DcganSharp.Tests.Support;

/// <summary>Small CIFAR-10 binary batches and archives for tests.</summary>
internal static class Cifar10Fixtures
{
    /// <summary>
    /// The pixel bytes of record <paramref name="record"/>: a constant per plane (R = 10 + record,
    /// G = 100, B = 200), except that pixel (row 0, column 0) of each plane is 0 and pixel
    /// (row 31, column 31) is 255, so orientation and plane order can be checked.
    /// </summary>
    public static byte[] Pixels(int record)
    {
        var pixels = new byte[Cifar10Reader.PixelsPerImage];
        byte[] planes = [(byte)(10 + record), 100, 200];
        for (var c = 0; c < 3; c++)
        {
            var plane = pixels.AsSpan(c * 1024, 1024);
            plane.Fill(planes[c]);
            plane[0] = 0;
            plane[1023] = 255;
        }
        return pixels;
    }

    /// <summary>Writes a batch file of <paramref name="records"/> records, numbered from <paramref name="first"/>.</summary>
    public static string WriteBatch(string path, int records, int first = 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        for (var r = 0; r < records; r++)
        {
            file.WriteByte((byte)((first + r) % 10));
            file.Write(Pixels(first + r));
        }
        return path;
    }

    /// <summary>data_batch_1..5 (2 records each, 10 in all) and test_batch (3 records) in <paramref name="folder"/>.</summary>
    public static string WriteFolder(string folder)
    {
        for (var i = 0; i < 5; i++)
            WriteBatch(Path.Combine(folder, Cifar10Files.TrainFiles[i]), 2, first: 2 * i);
        WriteBatch(Path.Combine(folder, Cifar10Files.TestFile), 3, first: 10);
        return folder;
    }

    /// <summary>A .tar.gz laid out like the published one: cifar-10-batches-bin/*.bin plus a readme.</summary>
    public static byte[] Archive(string folderInArchive = Cifar10Files.FolderName)
    {
        var staging = Directory.CreateTempSubdirectory("dcgan-cifar-stage-").FullName;
        try
        {
            WriteFolder(staging);
            File.WriteAllText(Path.Combine(staging, "readme.html"), "<p>test</p>");
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gzip))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folderInArchive + "/"));
                foreach (var file in Directory.GetFiles(staging).Order(StringComparer.Ordinal))
                    tar.WriteEntry(file, $"{folderInArchive}/{Path.GetFileName(file)}");
            }
            return memory.ToArray();
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
