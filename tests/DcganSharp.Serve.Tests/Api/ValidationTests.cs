using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DcganSharp.Serve.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>
/// Every class of bad request gets a 4xx with {"error": ...} naming the problem: never a 500, never a
/// generation (the queue's counters stay at zero) and never a line in the server's error log.
/// </summary>
public sealed class ValidationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    LocalServer Server => shared.Server;

    public static TheoryData<string, string, string> BadGenerateBodies => new()
    {
        // out of range
        { "count 0", """{"count": 0}""", "'count' must be an integer from 1 to 64, got 0" },
        { "count 65", """{"count": 65}""", "got 65" },
        { "negative seed", """{"seed": -1}""", "'seed' must be an integer from 0 to 9007199254740991" },
        { "seed beyond 2^53", """{"seed": 9007199254740992}""", "'seed' must be an integer" },
        { "seed beyond long", """{"seed": 99999999999999999999999}""", "'seed' must be an integer" },
        { "unknown format", """{"format": "gif"}""", "'format' must be one of \"png\", \"json\"" },
        { "format in capitals", """{"format": "PNG"}""", "'format' must be one of" },
        // unknown fields
        { "unknown field", """{"seed": 1, "size": 64}""", "unknown field 'size'" },
        { "field in the wrong case", """{"Seed": 1}""", "unknown field 'Seed'" },
        { "duplicate field", """{"count": 1, "count": 2}""", "'count' appears more than once" },
        // wrong types
        { "count as a string", """{"count": "16"}""", "'count' must be an integer from 1 to 64, got a string" },
        { "count as a fraction", """{"count": 2.5}""", "got 2.5" },
        { "count as an exponent", """{"count": 1e1}""", "got 1e1" },
        { "seed as a boolean", """{"seed": true}""", "got a boolean" },
        { "seed as an array", """{"seed": [1]}""", "got an array" },
        { "format as a number", """{"format": 1}""", "got a number" },
        { "body as an array", """[{"count": 1}]""", "the body must be a JSON object, got an array" },
        { "body as a string", "\"hello\"", "got a string" },
        { "body as null", "null", "got null" },
        // malformed JSON
        { "truncated", """{"count": 1""", "not valid JSON" },
        { "trailing comma", """{"count": 1,}""", "not valid JSON" },
        { "comment", """{"count": 1 /* x */}""", "not valid JSON" },
        { "single quotes", "{'count': 1}", "not valid JSON" },
        { "two documents", """{} {}""", "not valid JSON" },
        { "empty body", "", "the body is empty" },
        { "deep nesting", """{"seed": [[[[[[[[1]]]]]]]]}""", "not valid JSON" },
        { "unpaired surrogate in a value", """{"format": "\ud800"}""", "not valid Unicode" },
        { "unpaired surrogate in a name", """{"\udc00x": 1}""", "not valid Unicode" },
        { "unpaired surrogate in an ignored spot", """{"seed": 1, "count": 1, "format": "png", "x": ["\ud800"]}""", "not valid Unicode" },
    };

    public static TheoryData<string, string, string> BadInterpolateBodies => new()
    {
        { "no ends", "{}", "field 'from' is required" },
        { "no seed in an end", """{"from": {"index": 1}, "to": {"seed": 2}}""", "field 'from.seed' is required" },
        { "an end as a number", """{"from": 1, "to": {"seed": 2}}""", "'from' must be a JSON object, got a number" },
        { "unknown field in an end", """{"from": {"seed": 1, "image": 3}, "to": {"seed": 2}}""", "unknown field 'from.image'" },
        { "unknown top-level field", """{"from": {"seed": 1}, "to": {"seed": 2}, "count": 3}""", "unknown field 'count'" },
        { "index out of range", """{"from": {"seed": 1}, "to": {"seed": 2, "index": 1024}}""", "'to.index' must be an integer from 0 to 1023, got 1024" },
        { "one step", """{"from": {"seed": 1}, "to": {"seed": 2}, "steps": 1}""", "'steps' must be an integer from 2 to 32, got 1" },
        { "too many steps", """{"from": {"seed": 1}, "to": {"seed": 2}, "steps": 33}""", "got 33" },
        { "unknown method", """{"from": {"seed": 1}, "to": {"seed": 2}, "method": "linear"}""", "'method' must be one of \"slerp\", \"lerp\"" },
        { "steps as a string", """{"from": {"seed": 1}, "to": {"seed": 2}, "steps": "8"}""", "got a string" },
        { "malformed", """{"from": {"seed": 1}, "to": """, "not valid JSON" },
    };

    async Task<string> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var message = await ApiAssert.Error(response, status);
        var statistics = Server.Server.Queue.Statistics;
        Assert.Equal(0, statistics.Completed);
        Assert.Equal(0, statistics.Refused);
        Assert.Equal("", Server.Log);
        return message;
    }

    async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Server.Client.PostAsync(path, content);
    }

    [Theory]
    [MemberData(nameof(BadGenerateBodies))]
    public async Task A_bad_generate_body_is_a_400_naming_the_problem(string what, string body, string expected)
    {
        using var response = await PostAsync("/api/generate", Encoding.UTF8.GetBytes(body));
        var message = await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.True(message.Contains(expected, StringComparison.Ordinal), $"{what}: '{message}' does not say '{expected}'");
    }

    [Theory]
    [MemberData(nameof(BadInterpolateBodies))]
    public async Task A_bad_interpolate_body_is_a_400_naming_the_problem(string what, string body, string expected)
    {
        using var response = await PostAsync("/api/interpolate", Encoding.UTF8.GetBytes(body));
        var message = await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
        Assert.True(message.Contains(expected, StringComparison.Ordinal), $"{what}: '{message}' does not say '{expected}'");
    }

    [Fact]
    public async Task Invalid_UTF8_is_a_400()
    {
        using var response = await PostAsync("/api/generate", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        Assert.Contains("not valid UTF-8", await AssertRefusedAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/api/generate")]
    [InlineData("/api/interpolate")]
    public async Task A_body_over_4_KiB_is_a_400_whether_its_length_is_declared_or_not(string path)
    {
        // Valid JSON padded with whitespace: only the size is wrong.
        var body = Encoding.UTF8.GetBytes("{\"count\": 1" + new string(' ', 5000) + "}");

        using var declared = await PostAsync(path, body);
        Assert.Contains("larger than 4096 bytes", await AssertRefusedAsync(declared, HttpStatusCode.BadRequest));

        // Chunked, so only Kestrel's own limit and the bounded read can catch it.
        var streamed = new StreamContent(new MemoryStream(body));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await Server.Client.SendAsync(request);
        Assert.Contains("larger than 4096 bytes", await AssertRefusedAsync(chunked, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_huge_body_is_refused_without_reading_it()
    {
        var content = new ByteArrayContent(new byte[8 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // With Expect: 100-continue the client sends the body only if the server asks for it; it never does.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await Server.Client.SendAsync(request);
        Assert.Contains("larger than 4096 bytes", await AssertRefusedAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_declared_json_is_a_415(string contentType)
    {
        using var response = await PostAsync("/api/generate", Encoding.UTF8.GetBytes("""{"count": 1}"""), contentType);
        Assert.Contains("Content-Type: application/json", await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task Wrong_methods_and_unknown_paths_get_json_errors()
    {
        using (var get = await Server.Client.GetAsync("/api/generate"))
            Assert.Contains("method not allowed", await AssertRefusedAsync(get, HttpStatusCode.MethodNotAllowed));
        using (var post = await PostAsync("/api/info", Encoding.UTF8.GetBytes("{}")))
            await AssertRefusedAsync(post, HttpStatusCode.MethodNotAllowed);
        foreach (var path in new[] { "/api/nothing", "/index.html", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/app.js/../../Program.cs", "/wwwroot/app.js" })
        {
            using var response = await Server.Client.GetAsync(path);
            Assert.Contains("not found", await AssertRefusedAsync(response, HttpStatusCode.NotFound));
        }
    }
}
