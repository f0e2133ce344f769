using System.Net;
using System.Text.Json;
using Xunit;

namespace DcganSharp.Serve.Tests.Support;

/// <summary>Assertions on the server's error responses: the status and a JSON {"error": "..."} body.</summary>
public static class ApiAssert
{
    /// <summary>Asserts the status and the JSON error shape; returns the message.</summary>
    public static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var error = Assert.Single(root.EnumerateObject());
        Assert.Equal("error", error.Name);
        var message = error.Value.GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        // No stack traces or framework type names leak out.
        Assert.DoesNotContain("   at ", message);
        Assert.DoesNotContain("System.", message);
        return message!;
    }
}
