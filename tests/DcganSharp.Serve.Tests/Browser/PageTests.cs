using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DcganSharp.Serve.Tests.Browser;

/// <summary>
/// The page in a real browser: Debian's Chromium driven by Playwright against a real server on
/// 127.0.0.1. Skipped, saying why, when Chromium is not installed (./run-tests installs it).
/// Screenshots are kept in the test output folder, under screenshots/.
/// </summary>
public sealed class PageTests(ITestOutputHelper output) : IDisposable
{
    internal const string Chromium = "/usr/bin/chromium";

    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-page-").FullName;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // Playwright's limits (30 s by default) only stop a hung browser here: on a busy machine a
    // Chromium start or a page's reaction can take long, and nothing in this test is about speed.
    internal static readonly float Limit = (float)Patience.Hang.TotalMilliseconds;

    internal static async Task<IBrowserContext> LaunchAsync(IPlaywright playwright, string profile)
    {
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            AcceptDownloads = true,
            Timeout = Limit,
        });
        context.SetDefaultTimeout(Limit);
        context.SetDefaultNavigationTimeout(Limit);
        return context;
    }

    [SkippableFact]
    public async Task Generate_reproduce_a_seed_pick_two_images_and_walk_between_them()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium is not installed at {Chromium}; install it with 'apt-get install chromium' (./run-tests does)");
        SetDefaultExpectTimeout(Limit);
        var generator = VividGenerator.Save(folder);
        await using var server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 }, generator);
        var home = server.Server.BaseAddress.ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var context = await LaunchAsync(playwright, Directory.CreateDirectory(Path.Combine(folder, "profile")).FullName);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var problems = new List<string>();
        var elsewhere = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                problems.Add(message.Text);
        };
        page.PageError += (_, error) => problems.Add(error);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(home, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };

        // The page opens with a grid of 16 images and the model's description.
        await page.GotoAsync(home);
        var grid = page.Locator("#grid");
        var cells = grid.Locator(".cell");
        var firstImage = cells.First.Locator("img");
        var seedBox = page.Locator("#seed");
        await Expect(cells).ToHaveCountAsync(16);
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(page.Locator("#model")).ToContainTextAsync("netG_epoch_4.pth");
        await Expect(page.Locator("#model")).ToContainTextAsync("32×32 RGB");
        var firstSeed = await seedBox.InputValueAsync();
        var firstSrc = await firstImage.GetAttributeAsync("src");
        Assert.Matches("^[0-9]+$", firstSeed);
        Assert.StartsWith("data:image/png;base64,", firstSrc);

        // Generate draws another seed, and other images.
        await page.ClickAsync("#generate");
        await Expect(seedBox).Not.ToHaveValueAsync(firstSeed);
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(firstImage).Not.ToHaveAttributeAsync("src", firstSrc!);
        var secondSeed = await seedBox.InputValueAsync();
        var secondSrcs = await cells.Locator("img").EvaluateAllAsync<string[]>("images => images.map(i => i.src)");
        Assert.Equal(16, secondSrcs.Distinct().Count());

        // Typing the first seed brings the first grid back, image for image.
        await seedBox.FillAsync(firstSeed);
        await seedBox.PressAsync("Enter");
        await Expect(firstImage).ToHaveAttributeAsync("src", firstSrc!);
        await Expect(page.Locator("#reproduce code")).ToHaveTextAsync($"dcgan sample netG_epoch_4.pth --seed {firstSeed} --count 16");
        Assert.Contains($"seed={firstSeed}", page.Url);

        // Pick image 2 as A and image 9 as B: the walk appears, and the slider moves through it.
        await cells.Nth(2).ClickAsync();
        await Expect(cells.Nth(2)).ToHaveAttributeAsync("data-pick", "A");
        await cells.Nth(9).ClickAsync();
        await Expect(cells.Nth(9)).ToHaveAttributeAsync("data-pick", "B");
        var slider = page.Locator("#slider");
        var frame = page.Locator("#frame");
        await Expect(slider).ToBeEnabledAsync();
        await Expect(frame).ToBeVisibleAsync();
        await Expect(page.Locator("#end-a")).ToContainTextAsync($"seed {firstSeed}image #2");
        // At t = 0 the frame is image A itself.
        Assert.Equal(await cells.Nth(2).Locator("img").GetAttributeAsync("src"), await frame.GetAttributeAsync("src"));
        var start = await frame.GetAttributeAsync("src");
        await slider.FocusAsync();
        await slider.PressAsync("End");
        await Expect(frame).Not.ToHaveAttributeAsync("src", start!);
        await Expect(page.Locator("#frame-caption")).ToContainTextAsync("frame 16 of 16");
        Assert.Equal(await cells.Nth(9).Locator("img").GetAttributeAsync("src"), await frame.GetAttributeAsync("src"));
        for (var i = 0; i < 7; i++)
            await slider.PressAsync("ArrowLeft");
        await Expect(page.Locator("#frame-caption")).ToContainTextAsync("frame 9 of 16");
        var middle = await frame.GetAttributeAsync("src");
        Assert.NotEqual(start, middle);

        // The grid downloads as the PNG the API (and `dcgan sample`) makes.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-grid"));
        Assert.Equal($"dcgan-seed-{firstSeed}-16.png", download.SuggestedFilename);
        var saved = Path.Combine(folder, "grid.png");
        await download.SaveAsAsync(saved);
        using var api = await server.PostJsonAsync("/api/generate", $$"""{"seed": {{firstSeed}}, "count": 16}""");
        Assert.Equal(await api.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(saved));

        // The generator downloads as ONNX, and the header says which weights those are.
        await Expect(page.Locator("#model")).ToContainTextAsync("netG_epoch_4.onnx: generator of netG_epoch_4.pth, opset 17");
        var onnx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-onnx"));
        Assert.Equal("netG_epoch_4.onnx", onnx.SuggestedFilename);
        var savedOnnx = Path.Combine(folder, "generator.onnx");
        await onnx.SaveAsAsync(savedOnnx);
        using var model = await server.Client.GetAsync("/api/model.onnx");
        Assert.Equal(await model.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(savedOnnx));

        var wide = await SaveScreenshotAsync(page, "dcgan-serve.png");

        // A narrow window (a phone held upright): everything still fits its width.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(frame).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than a narrow window");
        var narrow = await SaveScreenshotAsync(page, "dcgan-serve-narrow.png", fullPage: true);

        // The same page for a reader who prefers dark colours.
        await page.SetViewportSizeAsync(1280, 860);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        Assert.True(await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches"));
        var dark = await SaveScreenshotAsync(page, "dcgan-serve-dark.png");

        Assert.True(problems.Count == 0, "browser errors:\n" + string.Join("\n", problems));
        Assert.True(elsewhere.Count == 0, "requests to other servers:\n" + string.Join("\n", elsewhere));
        Assert.NotEqual(secondSeed, firstSeed);
        output.WriteLine($"screenshots: {wide}, {narrow} and {dark}");
        Assert.Equal("", server.Log);
    }

    internal static async Task<string> SaveScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(Directory.CreateDirectory(ScreenshotFolder).FullName, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
        return path;
    }
}
