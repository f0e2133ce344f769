using System.Net;
using System.Text.Json;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>POST /api/interpolate: walks between two named codes, as a PNG strip or a JSON list, equal to `dcgan interpolate`.</summary>
public sealed class InterpolateTests(SharedServer shared) : IClassFixture<SharedServer>, IDisposable
{
    readonly string scratch = Directory.CreateTempSubdirectory("dcgan-serve-walk-").FullName;

    LocalServer Server => shared.Server;

    string Generator => Path.Combine(Server.Folder, "netG_epoch_3.pth");

    public void Dispose()
    {
        Directory.Delete(scratch, recursive: true);
        Assert.Equal("", Server.Log);
    }

    async Task<byte[]> StripAsync(string body)
    {
        using var response = await Server.PostJsonAsync("/api/interpolate", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    async Task<JsonDocument> JsonAsync(string path, string body)
    {
        using var response = await Server.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    static byte[] Decode(JsonElement base64) => Convert.FromBase64String(base64.GetString()!);

    [Fact]
    public async Task A_strip_between_two_seeds_is_what_dcgan_interpolate_draws()
    {
        var grid = Path.Combine(scratch, "walk.png");
        var cli = CliRunner.Run("interpolate", Generator, "--seeds", "3,5", "--steps", "6", "--method", "linear", "--grid", grid, "--device", "cpu");
        Assert.True(cli.ExitCode == 0, cli.ToString());

        var strip = await StripAsync("""{"from": {"seed": 3}, "to": {"seed": 5}, "steps": 6, "method": "lerp"}""");

        Assert.Equal(Png.GridSize(6, 16, perRow: 6), Png.AssertSize(strip));
        Assert.Equal(File.ReadAllBytes(grid), strip);
    }

    [Fact]
    public async Task A_slerp_strip_between_two_images_of_one_seed_is_what_dcgan_interpolate_draws()
    {
        var grid = Path.Combine(scratch, "walk.png");
        var cli = CliRunner.Run("interpolate", Generator, "--seed", "4", "--indices", "2,9", "--steps", "5", "--method", "slerp", "--grid", grid, "--device", "cpu");
        Assert.True(cli.ExitCode == 0, cli.ToString());

        using var response = await Server.PostJsonAsync("/api/interpolate", """{"from": {"seed": 4, "index": 2}, "to": {"seed": 4, "index": 9}, "steps": 5}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("X-Dcgan-Steps")));
        Assert.Equal("slerp", Assert.Single(response.Headers.GetValues("X-Dcgan-Method")));
        Assert.Equal(File.ReadAllBytes(grid), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Json_frames_start_and_end_at_the_picked_images()
    {
        using var walk = await JsonAsync("/api/interpolate", """{"from": {"seed": 11, "index": 3}, "to": {"seed": 12, "index": 0}, "steps": 7, "method": "slerp", "format": "json"}""");
        var root = walk.RootElement;
        Assert.Equal(7, root.GetProperty("steps").GetInt32());
        Assert.Equal("slerp", root.GetProperty("method").GetString());
        Assert.Equal(11, root.GetProperty("from").GetProperty("seed").GetInt64());
        Assert.Equal(3, root.GetProperty("from").GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reproduce").ValueKind);
        var frames = root.GetProperty("frames").EnumerateArray().Select(Decode).ToList();
        Assert.Equal(7, frames.Count);
        Assert.All(frames, f => Assert.Equal((16, 16), Png.AssertSize(f)));
        Assert.True(frames.Distinct(new BytesComparer()).Count() > 2, "the walk should pass through different images");

        // The ends are the images the page showed: image 3 of seed 11 and image 0 of seed 12.
        using var a = await JsonAsync("/api/generate", """{"seed": 11, "count": 4, "format": "json"}""");
        using var b = await JsonAsync("/api/generate", """{"seed": 12, "count": 1, "format": "json"}""");
        Assert.Equal(Decode(a.RootElement.GetProperty("images")[3].GetProperty("png")), frames[0]);
        Assert.Equal(Decode(b.RootElement.GetProperty("images")[0].GetProperty("png")), frames[^1]);
    }

    [Fact]
    public async Task Json_says_how_to_draw_the_same_walk_from_the_command_line_when_it_can()
    {
        using var seeds = await JsonAsync("/api/interpolate", """{"from": {"seed": 1}, "to": {"seed": 2}, "steps": 3, "method": "lerp", "format": "json"}""");
        Assert.Equal("dcgan interpolate netG_epoch_3.pth --seeds 1,2 --steps 3 --method linear", seeds.RootElement.GetProperty("reproduce").GetString());
        using var indices = await JsonAsync("/api/interpolate", """{"from": {"seed": 8, "index": 1}, "to": {"seed": 8, "index": 5}, "steps": 2, "format": "json"}""");
        Assert.Equal("dcgan interpolate netG_epoch_3.pth --seed 8 --indices 1,5 --steps 2 --method slerp", indices.RootElement.GetProperty("reproduce").GetString());
    }

    [Fact]
    public async Task The_extremes_of_the_ranges_are_accepted()
    {
        Assert.Equal(Png.GridSize(2, 16, 2), Png.AssertSize(await StripAsync("""{"from": {"seed": 0, "index": 0}, "to": {"seed": 9007199254740991, "index": 1023}, "steps": 2}""")));
        Assert.Equal(Png.GridSize(32, 16, 32), Png.AssertSize(await StripAsync("""{"from": {"seed": 1}, "to": {"seed": 1}, "steps": 32}""")));
    }

    sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes) => bytes.Length;
    }
}
