using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace DcganSharp.Serve.Tests.Browser;

/// <summary>The page over a conditional generator, in Chromium: the Class picker lists the classes and the grid, its download and the walk follow it.</summary>
public sealed class ClassPickerPageTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-classes-page-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public async Task The_class_picker_draws_the_class_picked()
    {
        Skip.IfNot(File.Exists(PageTests.Chromium), $"Chromium is not installed at {PageTests.Chromium}; install it with 'apt-get install chromium' (./run-tests does)");
        SetDefaultExpectTimeout(PageTests.Limit);
        using (var generator = TinyNetworks.Generator(new DcganArchitecture(16, 3, LatentSize: 8, GeneratorFeatures: 4, Classes: 3)))
            StateDictFile.Save(generator, Path.Combine(folder, "netG_epoch_0.pth"));
        ClassNamesFile.Write(folder, ["circle", "square", "triangle"]);
        await using var server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 }, Path.Combine(folder, "netG_epoch_0.pth"));

        using var playwright = await Playwright.CreateAsync();
        await using var context = await PageTests.LaunchAsync(playwright, Directory.CreateDirectory(Path.Combine(folder, "profile")).FullName);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync(server.Server.BaseAddress + "#seed=5&count=4");
        var grid = page.Locator("#grid");
        var cells = grid.Locator(".cell img");
        var picker = page.Locator("#class");
        await Expect(picker).ToBeVisibleAsync();
        Assert.Equal(["every class", "circle", "square", "triangle"], await picker.Locator("option").AllTextContentsAsync());
        await Expect(cells).ToHaveCountAsync(4);
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        var everyClass = await cells.EvaluateAllAsync<string[]>("images => images.map(i => i.src)");

        // Picking "square" redraws seed 5 in class 1: image 1 (class 1 in the mixed grid) stays, the others change.
        await picker.SelectOptionAsync("1");
        await Expect(cells.Nth(0)).Not.ToHaveAttributeAsync("src", everyClass[0]);
        await Expect(grid).ToHaveAttributeAsync("aria-busy", "false");
        var squares = await cells.EvaluateAllAsync<string[]>("images => images.map(i => i.src)");
        Assert.Equal(everyClass[1], squares[1]);
        await Expect(page.Locator("#reproduce code")).ToHaveTextAsync("dcgan sample netG_epoch_0.pth --seed 5 --count 4 --class 1");

        // The download is the API's grid of that class.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-grid"));
        var saved = Path.Combine(folder, "grid.png");
        await download.SaveAsAsync(saved);
        using var api = await server.PostJsonAsync("/api/generate", """{"seed": 5, "count": 4, "class": 1}""");
        Assert.Equal(await api.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(saved));

        // A walk between two squares starts at the first one.
        await page.Locator("#grid .cell").Nth(0).ClickAsync();
        await page.Locator("#grid .cell").Nth(3).ClickAsync();
        var frame = page.Locator("#frame");
        await Expect(frame).ToBeVisibleAsync();
        await Expect(frame).ToHaveAttributeAsync("src", squares[0]);

        await PageTests.SaveScreenshotAsync(page, "dcgan-serve-classes.png");
        Assert.True(problems.Count == 0, "browser errors:\n" + string.Join("\n", problems));
    }
}
