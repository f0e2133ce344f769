using DcganSharp.Models;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Playwright;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static TorchSharp.torch;

namespace DcganSharp.Serve.Tests.Browser;

/// <summary>
/// The page of `dcgan export --to web` in Debian's Chromium (Playwright), served by a plain static
/// server on 127.0.0.1, with every request to another origin blocked: it draws grids on the client
/// with onnxruntime-web, the pixels ONNX Runtime computes in C# for the same codes, and the images
/// of `dcgan sample` for the same seed. The export takes onnxruntime-web as users get it (dcgan's
/// cache, npm pack, or the npm registry). Skipped, saying why, without Chromium.
/// </summary>
public sealed class WebExportPageTests(ITestOutputHelper output) : IDisposable
{
    const int Size = 32;
    const int Nz = 16;

    readonly string folder = Directory.CreateTempSubdirectory("dcgan-web-page-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public async Task The_page_draws_grids_on_the_client_that_match_onnx_runtime_and_dcgan_sample()
    {
        Skip.IfNot(File.Exists(PageTests.Chromium), $"Chromium is not installed at {PageTests.Chromium}; install it with 'apt-get install chromium' (./run-tests does)");
        SetDefaultExpectTimeout(PageTests.Limit);
        var netG = TinyNetworks.SaveLivelyGenerator(folder, new DcganArchitecture(Size, 3, Nz, 8), "netG_epoch_2.pth");
        var site = Path.Combine(folder, "site");
        var export = CliRunner.Run("export", netG, "--to", "web", "--out", site);
        Assert.True(export.ExitCode == 0, export.ToString());
        output.WriteLine(export.Output + export.Errors);

        await using var server = await StaticSiteServer.StartAsync(site);
        var home = server.BaseAddress.ToString();
        using var playwright = await Playwright.CreateAsync();
        await using var context = await PageTests.LaunchAsync(playwright, Directory.CreateDirectory(Path.Combine(folder, "profile")).FullName);
        // JavaScript may reach this origin only: anything else is recorded and refused.
        var elsewhere = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(home, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (elsewhere)
                    elsewhere.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                problems.Add(message.Text);
        };
        page.PageError += (_, error) => problems.Add(error);

        // It opens with a grid of 16 images of a random seed, drawn in the browser.
        await page.GotoAsync(home);
        Assert.True(await page.EvaluateAsync<bool>("() => window.dcgan.ready.then(() => true)"));
        var grid = page.Locator("#grid");
        var cells = grid.Locator(".cell");
        await Expect(cells).ToHaveCountAsync(16);
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(page.Locator("#model")).ToContainTextAsync("netG_epoch_2.pth: 32×32 RGB");
        var firstSeed = await page.Locator("#seed").InputValueAsync();

        using var generator = Dcgan.LoadGenerator(netG);
        using var session = new InferenceSession(Path.Combine(site, "generator.onnx"));

        // Codes the test passes in: the page's pixels are ONNX Runtime's (C#) for the same codes.
        using (var scope = NewDisposeScope())
        {
            var z = randn(new long[] { 4, Nz }, generator: new torch.Generator(42));
            var flat = z.data<float>().ToArray();
            // As doubles: Playwright passes a float to JavaScript as an object, not a number. Float to double to float is exact.
            var codes = Enumerable.Range(0, 4).Select(i => flat[(i * Nz)..((i + 1) * Nz)].Select(v => (double)v).ToArray()).ToArray();
            await page.EvaluateAsync("codes => window.dcgan.showCodes(codes)", codes);
            await Expect(cells).ToHaveCountAsync(4);
            var expected = RunOnnxRuntime(session, z.reshape(4, Nz, 1, 1));
            for (var i = 0; i < 4; i++)
                AssertPixelsClose(expected[i], await CellPixelsAsync(page, i), $"given code {i}");
        }

        // A seed: the page's codes are `dcgan sample`'s, and so are its images.
        await page.Locator("#seed").FillAsync("7");
        await page.Locator("#seed").PressAsync("Enter");
        await Expect(cells).ToHaveCountAsync(16);
        await Expect(cells.First).ToHaveAttributeAsync("title", "seed 7, image #0");
        using (var scope = NewDisposeScope())
        {
            var pageCodes = tensor(await page.EvaluateAsync<float[]>("() => window.dcgan.codesForSeed(7, 16)"), new long[] { 16, Nz, 1, 1 });
            using var stream = new DcganSharp.Generation.LatentCodes(Nz, 7);
            var difference = (pageCodes - stream.Next(16)).abs().max().item<float>();
            Assert.True(difference <= 1e-5f, $"the page's codes for seed 7 differ from dcgan sample's by {difference}");
            var images = generator.Sample(16, seed: 7);
            for (var i = 0; i < 16; i++)
                AssertPixelsClose(Bytes(images[i]), await CellPixelsAsync(page, i), $"seed 7 image {i}");
        }
        Assert.Contains("seed=7", page.Url);

        // Generate draws another seed.
        await page.ClickAsync("#generate");
        await Expect(page.Locator("#seed")).Not.ToHaveValueAsync("7");
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        Assert.NotEqual(firstSeed, await page.Locator("#seed").InputValueAsync());

        // Pick image 2 as A and 9 as B: the walk starts at A and ends at B.
        await page.Locator("#seed").FillAsync("7");
        await page.Locator("#seed").PressAsync("Enter");
        await Expect(cells.First).ToHaveAttributeAsync("title", "seed 7, image #0");
        await cells.Nth(2).ClickAsync();
        await Expect(cells.Nth(2)).ToHaveAttributeAsync("data-pick", "A");
        await cells.Nth(9).ClickAsync();
        await Expect(cells.Nth(9)).ToHaveAttributeAsync("data-pick", "B");
        var slider = page.Locator("#slider");
        await Expect(slider).ToBeEnabledAsync();
        await Expect(page.Locator("#frame")).ToBeVisibleAsync();
        await Expect(page.Locator("#frame-caption")).ToContainTextAsync("frame 1 of 16");
        Assert.Equal(await CellPixelsAsync(page, 2), await FramePixelsAsync(page));
        await slider.FocusAsync();
        await slider.PressAsync("End");
        await Expect(page.Locator("#frame-caption")).ToContainTextAsync("frame 16 of 16");
        Assert.Equal(await CellPixelsAsync(page, 9), await FramePixelsAsync(page));
        await slider.PressAsync("ArrowLeft");
        await Expect(page.Locator("#frame-caption")).ToContainTextAsync("frame 15 of 16");
        Assert.NotEqual(await CellPixelsAsync(page, 9), await FramePixelsAsync(page));

        var screenshot = await PageTests.SaveScreenshotAsync(page, "dcgan-web.png");
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(problems.Count == 0, "browser errors:\n" + string.Join("\n", problems));
        Assert.True(elsewhere.Count == 0, "requests to other origins:\n" + string.Join("\n", elsewhere));
    }

    static async Task<byte[]> CellPixelsAsync(IPage page, int index) =>
        (await page.EvaluateAsync<int[]>("i => window.dcgan.cellPixels(i)", index)).Select(v => (byte)v).ToArray();

    static async Task<byte[]> FramePixelsAsync(IPage page) =>
        (await page.EvaluateAsync<int[]>("() => { const c = document.getElementById('frame'); return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data); }"))
        .Select(v => (byte)v).ToArray();

    /// <summary>ONNX Runtime's images for <paramref name="z"/>, each as RGBA bytes.</summary>
    static byte[][] RunOnnxRuntime(InferenceSession session, Tensor z)
    {
        var codes = z.contiguous().data<float>().ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(codes, z.shape);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["z"], [input], ["images"]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        using var images = tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), shape);
        return [.. Enumerable.Range(0, (int)shape[0]).Select(i => { using var image = images[i]; return Bytes(image); })];
    }

    /// <summary>One [C, H, W] image in [-1, 1] as the RGBA bytes a canvas holds: (x + 1) / 2 * 255 rounded, opaque.</summary>
    static byte[] Bytes(Tensor image)
    {
        var (channels, plane) = ((int)image.shape[0], (int)(image.shape[1] * image.shape[2]));
        var values = image.contiguous().data<float>().ToArray();
        var rgba = new byte[plane * 4];
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
                rgba[p * 4 + c] = (byte)Math.Clamp(Math.Floor((values[(channels == 1 ? 0 : c) * plane + p] + 1.0) / 2 * 255 + 0.5), 0, 255);
            rgba[p * 4 + 3] = 255;
        }
        return rgba;
    }

    static void AssertPixelsClose(byte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1, $"{what}: the page's pixels differ by up to {worst}/255 (expected {string.Join(",", expected[..12])}..., page {string.Join(",", actual[..12])}...)");
        Assert.True(expected.Distinct().Count() > 8, $"{what}: the expected image is nearly flat");
    }
}
