namespace DcganSharp.Serve.Api;

/// <summary>Every error the server answers has this shape: {"error": "one line saying what is wrong"}.</summary>
internal sealed record ErrorBody(string Error);
