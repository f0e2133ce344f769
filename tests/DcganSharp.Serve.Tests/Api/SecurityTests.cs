using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DcganSharp.Serve.Security;
using DcganSharp.Serve.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>Headers on every response, a page with no outside resources, loopback-only Host names, no CORS.</summary>
public sealed class SecurityTests(SharedServer shared) : IClassFixture<SharedServer>
{
    LocalServer Server => shared.Server;

    static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
            : throw new Xunit.Sdk.XunitException($"{what}: no {name} header");
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header("Content-Security-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"), $"{what}: the Server header names the software");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{what}: allows cross-origin reads");
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var requests = new (string What, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("page", () => Server.Client.GetAsync("/")),
            ("script", () => Server.Client.GetAsync("/app.js")),
            ("info", () => Server.Client.GetAsync("/api/info")),
            ("health", () => Server.Client.GetAsync("/healthz")),
            ("png", () => Server.PostJsonAsync("/api/generate", """{"count": 1}""")),
            ("400", () => Server.PostJsonAsync("/api/generate", """{"count": 0}""")),
            ("404", () => Server.Client.GetAsync("/nothing")),
        };
        foreach (var (what, send) in requests)
        {
            using var response = await send();
            AssertSecurityHeaders(response, what);
        }
        // The policy itself: nothing from anywhere but this server.
        Assert.Contains("default-src 'none'", SecurityHeaders.ContentSecurityPolicy);
        Assert.Contains("script-src 'self'", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("http", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_page_files_are_served_with_their_types_and_revalidated_by_etag(string path, string type)
    {
        using var response = await Server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_page_loads_nothing_from_other_servers()
    {
        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            var text = await Server.Client.GetStringAsync(path);
            Assert.DoesNotContain("http:", text);
            Assert.DoesNotContain("https:", text);
            Assert.DoesNotContain("//cdn", text);
            Assert.DoesNotContain("@import", text);
            Assert.DoesNotContain("@font-face", text);
        }
        var html = await Server.Client.GetStringAsync("/");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=", html);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5123")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("10.0.0.1")]
    public async Task A_host_name_other_than_loopback_is_refused(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        request.Headers.Host = host;
        using var response = await Server.Client.SendAsync(request);

        Assert.Contains("localhost", await ApiAssert.Error(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Loopback_host_names_are_served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = $"{host}:{Server.Server.BaseAddress.Port}";
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_preflight_is_not_approved()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/generate");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await Server.Client.SendAsync(preflight);

        Assert.False(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        // A simple cross-site form post cannot reach the generator either: it is not JSON.
        var form = new StringContent("count=64", Encoding.UTF8);
        form.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var posted = await Server.Client.PostAsync("/api/generate", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, posted.StatusCode);
    }
}
