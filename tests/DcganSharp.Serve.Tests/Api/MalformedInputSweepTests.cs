using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using DcganSharp.Serve.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>
/// Hundreds of mangled bodies (seeded, so a failure repeats): valid requests with bytes flipped,
/// cut short, or with odd JSON spliced in. Each gets a success or a 4xx with a JSON error; none
/// reaches the catch-all.
/// </summary>
public sealed partial class MalformedInputSweepTests(SharedServer shared) : IClassFixture<SharedServer>
{
    static readonly string[] Valid =
    [
        """{"seed": 7, "count": 2, "format": "json"}""",
        """{"seed": 3, "count": 1}""",
        """{"from": {"seed": 1, "index": 2}, "to": {"seed": 4}, "steps": 3, "method": "lerp", "format": "json"}""",
    ];

    static readonly string[] Splices =
    [
        "\\ud800", "\\udfff", "\\u0000", "\\", "\"", "1e400", "-0", "0.0", "1E2", "-9223372036854775809", "9223372036854775808",
        "null", "true", "[]", "{}", "[[[[[[", "}}}}", ",", ":", "\u00e9", "\ud83d\ude00", "NaN", "Infinity", "0x10", "+1", "01",
        "1", "2", "0", "null", "\"png\"", "\"lerp\"",
    ];

    [Fact]
    public async Task Mangled_bodies_never_reach_the_catch_all()
    {
        var server = shared.Server;
        var random = new Random(20261127);
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 400; i++)
        {
            var valid = Valid[i % Valid.Length];
            var path = valid.Contains("\"from\"", StringComparison.Ordinal) ? "/api/interpolate" : "/api/generate";
            var body = Mangle(Encoding.UTF8.GetBytes(valid), random);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await server.Client.PostAsync(path, content);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode != HttpStatusCode.OK)
                await ApiAssert.Error(response, HttpStatusCode.BadRequest);
            Assert.True(server.Log == "", $"body {i} ({Encoding.UTF8.GetString(body)}) reached the catch-all: {server.Log}");
        }
        // The sweep exercised both outcomes.
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) >= 5, string.Join(", ", statuses));
    }

    static byte[] Mangle(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        switch (random.Next(5))
        {
            case 4:
                // Replace one value whole: some replacements are still valid (null, -0, 1), most are not.
                var text = Encoding.UTF8.GetString(valid);
                var values = ValuePattern().Matches(text);
                var value = values[random.Next(values.Count)];
                return Encoding.UTF8.GetBytes(text[..value.Index] + Splices[random.Next(Splices.Length)] + text[(value.Index + value.Length)..]);
            case 0:
                // Flip a few bytes to anything.
                for (var k = random.Next(1, 4); k > 0; k--)
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                break;
            case 1:
                // Cut short.
                var cut = random.Next(bytes.Count);
                bytes.RemoveRange(cut, bytes.Count - cut);
                break;
            default:
                // Splice something odd in place of a value or between tokens.
                var at = random.Next(bytes.Count);
                var length = random.Next(0, Math.Min(6, bytes.Count - at));
                bytes.RemoveRange(at, length);
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(Splices[random.Next(Splices.Length)]));
                break;
        }
        return [.. bytes];
    }

    // A number, or a string that follows a colon: the values of the valid bodies.
    [GeneratedRegex("(?<=: )(-?[0-9]+|\"[a-z]+\")")]
    private static partial Regex ValuePattern();
}
