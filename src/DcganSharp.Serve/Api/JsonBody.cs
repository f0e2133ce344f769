using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace DcganSharp.Serve.Api;

/// <summary>Reads a request's JSON body with hard limits: JSON content type, at most <see cref="ServeSettings.MaxBodyBytes"/> bytes, shallow nesting.</summary>
internal static class JsonBody
{
    static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 4,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        // A JSON content type also means a browser on another site cannot send this request without a CORS preflight, which fails.
        if (!request.HasJsonContentType())
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "send the body as JSON, with Content-Type: application/json");
        const int limit = ServeSettings.MaxBodyBytes;
        var tooLarge = ApiException.BadRequest($"the body is larger than {limit} bytes; requests are small JSON objects");
        if (request.ContentLength > limit)
            throw tooLarge;

        var buffer = new byte[limit + 1];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                    break;
                length += read;
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own cap (ServeSettings.DrainedBodyBytes), for bodies without a Content-Length.
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : ApiException.BadRequest("the request body could not be read");
        }
        if (length > limit)
            throw tooLarge;
        if (length == 0)
            throw ApiException.BadRequest("the body is empty; send a JSON object such as {}");
        // Checked up front: the JSON reader leaves strings unchecked until they are decoded.
        if (!Utf8.IsValid(buffer.AsSpan(0, length)))
            throw ApiException.BadRequest("the body is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length), Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw ApiException.BadRequest($"the body is not valid JSON{where}");
        }
        try
        {
            EnsureDecodable(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes every name and string once, so an escape the reader accepts but .NET cannot turn
    /// into a string (an unpaired surrogate such as \ud800) is a 400 here rather than a failure later.
    /// </summary>
    static void EnsureDecodable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        EnsureDecodable(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        EnsureDecodable(item);
                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            throw ApiException.BadRequest("the body holds text that is not valid Unicode (an unpaired surrogate escape such as \\ud800)");
        }
    }
}
