using System.CommandLine;
using DcganSharp.Generation;
using DcganSharp.Serve;
using static DcganSharp.Cli.Commands.OptionFactory;

namespace DcganSharp.Cli.Commands;

/// <summary>`dcgan serve`: a local web page and JSON/PNG API to explore a trained generator.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var generator = new Argument<string?>("generator")
        {
            Description = GeneratorOptions.GeneratorDescription + "; or give it with --checkpoint",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var checkpoint = Optional<string>("--checkpoint", "The generator to serve, as the positional argument: a run folder, a .pth or a checkpoint.pt");
        var architecture = new ArchitectureOptions();
        var urls = WithDefault("--urls", "Where to listen, http://HOST:PORT (several separated by ';'); anything but loopback makes the generator reachable from other machines (a warning says so); port 0 picks a free port", ServeSettings.DefaultUrls);
        var maxConcurrency = WithDefault("--max-concurrency", $"Generations that run at the same time, each on its own copy of the network (1 to {ServeSettings.MaxConcurrencyLimit})", 1);
        var queueLimit = WithDefault("--queue-limit", "Requests that may wait for a free generator; more are refused with 503 at once", 32);
        var rateLimit = WithDefault("--rate-limit", "API requests per minute from each client address (0: no limit); more are refused with 429", 120);

        var command = new Command("serve", "Serve an interactive page (and a JSON/PNG API) to explore a generator: grids by seed, interpolation between picked images, downloads")
        {
            generator, checkpoint, urls, maxConcurrency, queueLimit, rateLimit,
        };
        architecture.AddTo(command);

        command.SetAction(parsed =>
        {
            var settings = new ServeSettings
            {
                Urls = [parsed.GetValue(urls)!],
                MaxConcurrency = parsed.GetValue(maxConcurrency),
                QueueLimit = parsed.GetValue(queueLimit),
                RateLimitPerMinute = parsed.GetValue(rateLimit),
            };
            // Every flag is checked before the (slow) load, so a typo fails at once.
            settings.Validate();
            var path = GeneratorPathFrom(parsed.GetValue(generator), parsed.GetValue(checkpoint));
            using var loaded = architecture.Load(parsed, path, output);
            if (ListenAddresses.Parse(settings.Urls).Warning() is { } warning)
                errors.WriteLine(warning);
            return Run(loaded, settings, output, errors).GetAwaiter().GetResult();
        });
        return command;
    }

    static async Task<int> Run(LoadedGenerator loaded, ServeSettings settings, TextWriter output, TextWriter errors)
    {
        await using var server = await ServeHost.StartAsync(loaded, settings, errors, handleSignals: true);
        var limit = settings.RateLimitPerMinute == 0 ? "no rate limit" : $"{settings.RateLimitPerMinute} API requests/min per client";
        output.WriteLine($"Generations: {settings.MaxConcurrency} at a time, {settings.QueueLimit} waiting at most; {limit}");
        foreach (var address in server.Addresses)
            output.WriteLine($"Listening on {address}");
        output.WriteLine("Open the address above in a browser; press Ctrl+C to stop.");
        output.Flush();
        await server.WaitForShutdownAsync();
        output.WriteLine("Stopped.");
        return ExitCodes.Success;
    }

    static string GeneratorPathFrom(string? positional, string? option)
    {
        var (a, b) = (Blank(positional), Blank(option));
        if (a is not null && b is not null && a != b)
            throw DcganException.Usage($"two generators given ('{a}' and --checkpoint '{b}'); give one");
        return a ?? b ?? throw DcganException.Usage("give the generator to serve: dcgan serve RUN_FOLDER (or a .pth / checkpoint.pt), or --checkpoint PATH");
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
