namespace DcganSharp.Serve.Api;

/// <summary>GET /healthz: {"status": "ok"} once the generator is loaded and the server listens.</summary>
internal sealed record HealthBody(string Status);
