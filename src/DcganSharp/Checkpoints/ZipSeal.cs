using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DcganSharp.Checkpoints;

/// <summary>
/// Seals a zip file (a torch.save file is one) with a SHA-256 of all its bytes, stored in the
/// zip's own comment field: the file stays a valid zip that torch.load and any unzip tool read,
/// and a single flipped bit anywhere (data, headers, the seal itself) or a truncation is detected.
/// </summary>
internal static class ZipSeal
{
    const uint EndOfCentralDirectory = 0x06054b50;
    const int EndRecordLength = 22;
    const string Prefix = "dcgan-sha256:";

    /// <summary>
    /// Appends the seal as the comment of the zip archive in <paramref name="zip"/> (which must have
    /// no comment yet), in place, so a large checkpoint is not copied once more.
    /// </summary>
    public static void Seal(MemoryStream zip)
    {
        var length = checked((int)zip.Length);
        var bytes = zip.GetBuffer().AsSpan(0, length);
        var end = length - EndRecordLength;
        if (end < 0 || BinaryPrimitives.ReadUInt32LittleEndian(bytes[end..]) != EndOfCentralDirectory || BinaryPrimitives.ReadUInt16LittleEndian(bytes[(end + 20)..]) != 0)
            throw new InvalidDataException("expected a zip archive without a comment");
        var commentLength = Prefix.Length + 64;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[(end + 20)..], (ushort)commentLength);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        zip.Position = length;
        zip.Write(Encoding.ASCII.GetBytes(Prefix + digest));
    }

    /// <summary>Null when the file is intact, otherwise why it is not.</summary>
    public static string? Check(ReadOnlySpan<byte> file)
    {
        var commentLength = Prefix.Length + 64;
        var end = file.Length - commentLength - EndRecordLength;
        if (end < 0)
            return "it is too short to be a checkpoint (truncated?)";
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[end..]) != EndOfCentralDirectory ||
            BinaryPrimitives.ReadUInt16LittleEndian(file[(end + 20)..]) != commentLength ||
            !file[^commentLength..].StartsWith(Encoding.ASCII.GetBytes(Prefix)))
            return "its end is missing or altered (truncated, or not written by dcgan)";
        var stored = Encoding.ASCII.GetString(file[^64..]);
        var actual = Convert.ToHexStringLower(SHA256.HashData(file[..^commentLength]));
        return stored == actual ? null : "its SHA-256 does not match (the file was altered or damaged)";
    }
}
