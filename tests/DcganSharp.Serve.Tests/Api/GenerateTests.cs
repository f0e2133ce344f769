using System.Net;
using System.Text.Json;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>POST /api/generate: PNG grids and JSON image lists, reproducible by seed and equal to `dcgan sample`.</summary>
public sealed class GenerateTests(SharedServer shared) : IClassFixture<SharedServer>, IDisposable
{
    readonly string scratch = Directory.CreateTempSubdirectory("dcgan-serve-generate-").FullName;

    LocalServer Server => shared.Server;

    string Generator => Path.Combine(Server.Folder, "netG_epoch_3.pth");

    public void Dispose()
    {
        Directory.Delete(scratch, recursive: true);
        Assert.Equal("", Server.Log);
    }

    async Task<byte[]> PngAsync(string body)
    {
        using var response = await Server.PostJsonAsync("/api/generate", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    async Task<JsonDocument> JsonAsync(string body)
    {
        using var response = await Server.PostJsonAsync("/api/generate", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }

    static byte[] Base64Png(JsonElement image) => Convert.FromBase64String(image.GetProperty("png").GetString()!);

    [Fact]
    public async Task A_png_grid_has_the_grid_size_and_names_its_seed_in_a_header()
    {
        using var response = await Server.PostJsonAsync("/api/generate", """{"seed": 7, "count": 10, "format": "png"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7", Assert.Single(response.Headers.GetValues("X-Dcgan-Seed")));
        Assert.Equal("10", Assert.Single(response.Headers.GetValues("X-Dcgan-Count")));
        Assert.Equal(Png.GridSize(10, 16), Png.AssertSize(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_same_seed_gives_identical_bytes()
    {
        Assert.Equal(await PngAsync("""{"seed": 123, "count": 16}"""), await PngAsync("""{"count": 16, "seed": 123}"""));
        Assert.NotEqual(await PngAsync("""{"seed": 123, "count": 16}"""), await PngAsync("""{"seed": 124, "count": 16}"""));

        using var first = await JsonAsync("""{"seed": 9, "count": 3, "format": "json"}""");
        using var second = await JsonAsync("""{"seed": 9, "count": 3, "format": "json"}""");
        Assert.Equal(first.RootElement.GetRawText(), second.RootElement.GetRawText());
    }

    [Fact]
    public async Task The_png_grid_is_byte_for_byte_what_dcgan_sample_writes()
    {
        var grid = Path.Combine(scratch, "grid.png");
        var cli = CliRunner.Run("sample", Generator, "--seed", "7", "--count", "10", "--grid", grid, "--device", "cpu");
        Assert.True(cli.ExitCode == 0, cli.ToString());

        Assert.Equal(File.ReadAllBytes(grid), await PngAsync("""{"seed": 7, "count": 10}"""));
    }

    [Fact]
    public async Task Json_lists_image_i_of_the_seed_as_dcgan_sample_draws_it_whatever_the_count()
    {
        using var five = await JsonAsync("""{"seed": 42, "count": 5, "format": "json"}""");
        var root = five.RootElement;
        Assert.Equal(42, root.GetProperty("seed").GetInt64());
        Assert.Equal(5, root.GetProperty("count").GetInt32());
        Assert.Equal(16, root.GetProperty("imageSize").GetInt32());
        Assert.Equal(3, root.GetProperty("channels").GetInt32());
        Assert.Equal("dcgan sample netG_epoch_3.pth --seed 42 --count 5", root.GetProperty("reproduce").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(5, images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(42, images[i].GetProperty("seed").GetInt64());
            Assert.Equal(i, images[i].GetProperty("index").GetInt32());
            Assert.Equal((16, 16), Png.AssertSize(Base64Png(images[i])));
        }

        // Image i does not depend on how many images were asked for (eval-mode BatchNorm, fixed code stream)...
        using var twelve = await JsonAsync("""{"seed": 42, "count": 12, "format": "json"}""");
        var more = twelve.RootElement.GetProperty("images").EnumerateArray().ToList();
        for (var i = 0; i < images.Count; i++)
            Assert.Equal(Base64Png(images[i]), Base64Png(more[i]));

        // ...and is the file `dcgan sample --seed 42` writes for it.
        var outDir = Path.Combine(scratch, "samples");
        var cli = CliRunner.Run("sample", Generator, "--seed", "42", "--count", "5", "--out-dir", outDir, "--device", "cpu");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        for (var i = 0; i < images.Count; i++)
            Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, $"sample_{i:D5}.png")), Base64Png(images[i]));
    }

    [Fact]
    public async Task Without_a_seed_the_server_picks_one_and_says_which()
    {
        using var json = await JsonAsync("""{"count": 2, "format": "json"}""");
        var seed = json.RootElement.GetProperty("seed").GetInt64();
        Assert.InRange(seed, 0, 9_007_199_254_740_991);
        using var again = await JsonAsync($$"""{"seed": {{seed}}, "count": 2, "format": "json"}""");
        Assert.Equal(json.RootElement.GetProperty("images").GetRawText(), again.RootElement.GetProperty("images").GetRawText());

        using var response = await Server.PostJsonAsync("/api/generate", "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headerSeed = long.Parse(Assert.Single(response.Headers.GetValues("X-Dcgan-Seed")), System.Globalization.CultureInfo.InvariantCulture);
        var png = await response.Content.ReadAsByteArrayAsync();
        // The defaults: 16 images, PNG.
        Assert.Equal(Png.GridSize(16, 16), Png.AssertSize(png));
        Assert.Equal(png, await PngAsync($$"""{"seed": {{headerSeed}}}"""));
    }

    [Fact]
    public async Task The_extremes_of_the_ranges_are_accepted()
    {
        Assert.Equal(Png.GridSize(1, 16), Png.AssertSize(await PngAsync("""{"seed": 0, "count": 1}""")));
        Assert.Equal(Png.GridSize(64, 16), Png.AssertSize(await PngAsync("""{"seed": 9007199254740991, "count": 64}""")));
        // null counts as absent.
        Assert.Equal(Png.GridSize(16, 16), Png.AssertSize(await PngAsync("""{"seed": 5, "count": null, "format": null}""")));
    }
}
