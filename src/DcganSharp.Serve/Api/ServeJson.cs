using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DcganSharp.Serve.Api;

/// <summary>How every response body is written: camelCase names, nulls kept (an unknown FID is "fid": null).</summary>
/// <remarks>
/// Only JSON-significant characters are escaped: the bodies are served as application/json with
/// nosniff, never inlined into HTML, and escaping '+' would make base64 PNGs several times larger.
/// </remarks>
internal static class ServeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
