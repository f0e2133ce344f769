using System.Net;
using System.Text.Json;
using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>A conditional generator served: /api/info names its classes, and generate and interpolate draw the class asked for.</summary>
public sealed class ClassTests : IAsyncLifetime
{
    static readonly DcganArchitecture Conditional = new(16, 3, LatentSize: 8, GeneratorFeatures: 4, DiscriminatorFeatures: 4, Classes: 3);

    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-classes-").FullName;
    LocalServer? server;

    LocalServer Server => server!;

    public async Task InitializeAsync()
    {
        using var generator = TinyNetworks.Generator(Conditional);
        var path = Path.Combine(folder, "netG_epoch_0.pth");
        StateDictFile.Save(generator, path);
        ClassNamesFile.Write(folder, ["circle", "square", "triangle"]);
        server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 }, path);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    async Task<(HttpStatusCode Status, string Body, byte[] Bytes)> PostAsync(string path, string json)
    {
        using var response = await Server.PostJsonAsync(path, json);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes), bytes);
    }

    [Fact]
    public async Task Info_lists_the_classes_and_generate_draws_the_class_asked_for()
    {
        using (var info = JsonDocument.Parse(await Server.Client.GetStringAsync("/api/info")))
            Assert.Equal(["circle", "square", "triangle"], info.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));

        var square = await PostAsync("/api/generate", """{"seed": 5, "count": 4, "class": 1}""");
        var triangle = await PostAsync("/api/generate", """{"seed": 5, "count": 4, "class": 2}""");
        var mixed = await PostAsync("/api/generate", """{"seed": 5, "count": 4}""");
        Assert.Equal(HttpStatusCode.OK, square.Status);
        Assert.NotEqual(square.Bytes, triangle.Bytes);
        Assert.NotEqual(square.Bytes, mixed.Bytes);
        Assert.Equal(square.Bytes, (await PostAsync("/api/generate", """{"class": 1, "count": 4, "seed": 5}""")).Bytes);

        // Image 1 of the mixed stream is of class 1 (every class in turn), so it is image 1 of the square grid.
        var squareJson = await PostAsync("/api/generate", """{"seed": 5, "count": 4, "class": 1, "format": "json"}""");
        var mixedJson = await PostAsync("/api/generate", """{"seed": 5, "count": 4, "format": "json"}""");
        using var a = JsonDocument.Parse(squareJson.Body);
        using var b = JsonDocument.Parse(mixedJson.Body);
        Assert.Equal(a.RootElement.GetProperty("images")[1].GetProperty("png").GetString(), b.RootElement.GetProperty("images")[1].GetProperty("png").GetString());
        Assert.NotEqual(a.RootElement.GetProperty("images")[0].GetProperty("png").GetString(), b.RootElement.GetProperty("images")[0].GetProperty("png").GetString());
        Assert.EndsWith("--class 1", a.RootElement.GetProperty("reproduce").GetString());
    }

    [Fact]
    public async Task A_walk_stays_in_the_class_asked_for_and_a_bad_class_is_a_400()
    {
        const string walk = """{"from": {"seed": 1}, "to": {"seed": 2}, "steps": 4, "class": CLASS}""";
        var circle = await PostAsync("/api/interpolate", walk.Replace("CLASS", "0"));
        var triangle = await PostAsync("/api/interpolate", walk.Replace("CLASS", "2"));
        Assert.Equal(HttpStatusCode.OK, circle.Status);
        Assert.NotEqual(circle.Bytes, triangle.Bytes);

        var bad = await PostAsync("/api/generate", """{"seed": 5, "class": 3}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("'class' must be an integer from 0 to 2", bad.Body);
    }

    [Fact]
    public async Task An_unconditional_generator_refuses_a_class()
    {
        await using var plain = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 });
        using var response = await plain.PostJsonAsync("/api/generate", """{"seed": 5, "class": 0}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs a class-conditional generator", await response.Content.ReadAsStringAsync());
        using var info = JsonDocument.Parse(await plain.Client.GetStringAsync("/api/info"));
        Assert.Equal(JsonValueKind.Null, info.RootElement.GetProperty("classes").ValueKind);
    }
}
