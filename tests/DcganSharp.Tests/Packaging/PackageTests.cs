using System.Diagnostics;
using System.Text.RegularExpressions;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Packaging;

/// <summary>
/// The packages as their users get them: `dotnet pack` of the library, referenced from a fresh
/// console app outside this repository through a local feed, and the dcgan .NET tool installed
/// from one. Each packs the build the suite already made (no rebuild) under a version of its own,
/// removed from the NuGet cache afterwards.
/// </summary>
public sealed partial class PackageTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    const string Program = """
        using DcganSharp;

        var options = new DcganOptions
        {
            Dataset = DatasetKind.Fake, FakeCount = 32, ImageSize = 16, BatchSize = 8, Epochs = 1,
            GeneratorFeatures = 8, DiscriminatorFeatures = 8, Seed = 1, Device = ComputeTarget.Cpu, OutputFolder = args[0],
        };
        using var generator = Dcgan.Train(options);
        generator.SaveGrid(args[1], count: 16, seed: 0);
        Console.WriteLine($"trained {generator.Iterations} iterations; grid in {args[1]}");
        """;

    [Fact]
    public void A_console_app_trains_and_writes_a_grid_through_the_packed_library_and_the_readmes_code_builds_as_written()
    {
        using var temp = new TempDirectory();
        var version = UniqueVersion();
        var feed = temp.Folder("feed");
        try
        {
            Run(RepositoryRoot, "dotnet", "pack", "src/DcganSharp/DcganSharp.csproj", "-c", Configuration, "--no-build", "-o", feed, $"-p:PackageVersion={version}");
            var app = ConsoleApp(temp.Folder("app"), feed, version, Program);
            Assert.True(Program.Split('\n').Count(line => line.Trim().Length > 0) <= 10, "the program is ten lines");

            Run(app, "dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet", "-o", Path.Combine(app, "out"));
            var grid = temp.Combine("grid.png");
            var output = Run(app, "dotnet", Path.Combine(app, "out", "App.dll"), temp.Combine("run"), grid);

            Assert.Contains("trained 4 iterations", output, StringComparison.Ordinal);
            using var image = SKBitmap.Decode(grid);
            Assert.Equal((8 * 18 + 2, 2 * 18 + 2), (image.Width, image.Height));
            Assert.True(File.Exists(temp.Combine("run", "netG_epoch_0.pth")));
            // The ResNet18 judge's model arrives with the library's package (its package's build step).
            Assert.True(File.Exists(Path.Combine(app, "out", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx")));
            Assert.True(File.Exists(Path.Combine(app, "out", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx")));

            // Each C# block of the READMEs, a program of its own, compiles against the package as a reader would paste it.
            var snippets = ReadmeSnippets().ToList();
            Assert.True(snippets.Count >= 3, $"expected the READMEs' C# blocks, found {snippets.Count}");
            foreach (var (readme, index, code) in snippets)
            {
                var folder = ConsoleApp(temp.Folder($"snippet-{Path.GetFileNameWithoutExtension(readme)}-{index}"), feed, version, code);
                Run(folder, "dotnet", "build", "-c", "Release", "-nologo", "-v", "quiet", "-o", Path.Combine(folder, "out"));
            }
        }
        finally
        {
            ForgetCachedPackage("dcgansharp", version);
        }
    }

    [Fact]
    public void The_readmes_code_blocks_are_found()
    {
        var snippets = ReadmeSnippets().ToList();
        Assert.Contains(snippets, s => s.Readme == "README.md" && s.Code.Contains("Dcgan.Train(", StringComparison.Ordinal) && s.Code.Contains("IterationReport", StringComparison.Ordinal));
        Assert.Contains(snippets, s => s.Readme == "README.package.md" && s.Code.Contains("Dcgan.LoadGenerator(", StringComparison.Ordinal));
    }

    /// <summary>The ```csharp blocks of README.md and of the package's README, each with its file and position.</summary>
    static IEnumerable<(string Readme, int Index, string Code)> ReadmeSnippets()
    {
        foreach (var readme in new[] { "README.md", Path.Combine("src", "DcganSharp", "README.package.md") })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot, readme));
            var index = 0;
            foreach (Match block in CSharpBlock().Matches(text))
                yield return (Path.GetFileName(readme), index++, block.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    /// <summary>A console app in <paramref name="folder"/> that references the package from <paramref name="feed"/>, with <paramref name="program"/> as Program.cs.</summary>
    static string ConsoleApp(string folder, string feed, string version, string program)
    {
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DcganSharp" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }

    [Fact]
    public void The_dcgan_tool_installs_from_a_local_feed_and_trains()
    {
        using var temp = new TempDirectory();
        var version = UniqueVersion();
        var feed = temp.Folder("feed");
        try
        {
            // ReadyToRun off: it would compile every assembly again, which says nothing about the package.
            Run(RepositoryRoot, "dotnet", "pack", "src/DcganSharp.Cli/DcganSharp.Cli.csproj", "-c", Configuration, "--no-build", "-o", feed,
                $"-p:PackageVersion={version}", "-p:PublishReadyToRun=false");
            var tools = temp.Folder("tools");
            Run(temp.Path, "dotnet", "tool", "install", "dcgan", "--tool-path", tools, "--add-source", feed, "--version", version);

            var output = Run(temp.Path, Path.Combine(tools, "dcgan"), "train", "--dataset", "fake", "--fake-count", "32", "--image-size", "16",
                "--batch-size", "8", "--ngf", "8", "--ndf", "8", "--niter", "1", "--outf", temp.Combine("run"), "--device", "cpu",
                "--eval-every", "4", "--eval-samples", "10", "--eval-real-count", "10", "--cache-dir", temp.Combine("cache"));

            Assert.Contains("[0/1][3/4]", output, StringComparison.Ordinal);
            Assert.True(File.Exists(temp.Combine("run", "netG_ema_epoch_0.pth")));
            // The installed tool judges RGB samples with the ResNet18 it carries, and keeps the best.
            Assert.Contains("step 4: FID-ResNet18 ", output, StringComparison.Ordinal);
            Assert.True(File.Exists(temp.Combine("run", "netG_best.pth")));
        }
        finally
        {
            ForgetCachedPackage("dcgan", version);
        }
    }

    [Fact]
    public void The_package_targets_copy_the_judge_models_of_the_resnet18_version_the_library_references()
    {
        var versions = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "Microsoft.ML.DnnImageFeaturizer.ResNet18");
        var targets = File.ReadAllText(Path.Combine(RepositoryRoot, "build", "package", "DcganSharp.targets"));

        Assert.Contains($"microsoft.ml.dnnimagefeaturizer.resnet18/{(string?)versions.Attribute("Version")}/tools/DnnImageModels/", targets, StringComparison.Ordinal);
    }

    static string UniqueVersion() => $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}.{Environment.ProcessId}";

    static string RepositoryRoot => Repository.Root;

    static string Run(string folder, string program, params string[] args) => Repository.Run(folder, program, args);

    static void ForgetCachedPackage(string id, string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try
        {
            Directory.Delete(Path.Combine(cache, id, version), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
