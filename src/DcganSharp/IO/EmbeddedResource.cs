using System.Reflection;

namespace DcganSharp.IO;

/// <summary>Files built into an assembly (fonts, web pages), read whole.</summary>
internal static class EmbeddedResource
{
    /// <summary>The bytes of resource <paramref name="name"/> of <paramref name="assembly"/>; a missing one is a build error, so it throws.</summary>
    public static byte[] ReadAllBytes(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from {assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
