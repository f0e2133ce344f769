using DcganSharp.Generation;
using DcganSharp.Serve.Api;
using DcganSharp.Serve.Download;
using DcganSharp.Serve.Generation;
using DcganSharp.Serve.Info;
using DcganSharp.Serve.Page;
using DcganSharp.Serve.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DcganSharp.Serve;

/// <summary>Builds and starts the `dcgan serve` web server (Kestrel, minimal API) around a loaded generator.</summary>
internal static class ServeHost
{
    /// <summary>
    /// Starts listening and returns once every address is bound. The caller keeps ownership of
    /// <paramref name="loaded"/> and disposes it after the server.
    /// </summary>
    /// <param name="log">Where unexpected request failures are reported, one line each.</param>
    /// <param name="handleSignals">Stop on Ctrl+C and SIGTERM (the CLI); false when hosted inside another program.</param>
    public static async Task<RunningServer> StartAsync(LoadedGenerator loaded, ServeSettings settings, TextWriter log, bool handleSignals = false)
    {
        settings.Validate();
        var addresses = ListenAddresses.Parse(settings.Urls);
        // Made before the workers start: they must be the only ones to touch the network afterwards.
        var onnx = OnnxDownload.Create(loaded);
        var info = ModelInfo.Gather(loaded, settings, onnx);
        var queue = new GenerationQueue(loaded, settings.MaxConcurrency, settings.QueueLimit, settings.BeforeGeneration);
        WebApplication? app = null;
        try
        {
            app = Build(addresses, settings, queue, info, onnx, log, handleSignals);
            try
            {
                await app.StartAsync();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Kestrel's own message names the address and the reason (e.g. "address already in use").
                throw new DcganException($"cannot listen on {string.Join(", ", addresses.Urls)}: {FirstLine(e.Message).TrimEnd('.')}; choose another address or port with --urls", e);
            }
            return new RunningServer(app, queue, info);
        }
        catch
        {
            if (app is not null)
                await app.DisposeAsync();
            queue.Dispose();
            throw;
        }
    }

    static WebApplication Build(ListenAddresses addresses, ServeSettings settings, GenerationQueue queue, ModelInfo info, OnnxDownload onnx, TextWriter log, bool handleSignals)
    {
        // The empty builder reads no configuration files or environment (nothing to watch, nothing
        // that changes behaviour behind the command line's back) and logs nothing by itself.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServeHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The API refuses bodies over MaxBodyBytes itself, with a JSON 400. Kestrel's own cap is
            // higher so that it can still drain a somewhat-too-large body after that answer, and the
            // client reads the 400 instead of a reset connection; beyond it Kestrel closes the connection.
            kestrel.Limits.MaxRequestBodySize = ServeSettings.DrainedBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        builder.WebHost.UseUrls([.. addresses.Urls]);
        if (!handleSignals)
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        else
            builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.AddRoutingCore();
        builder.Services.AddClientRateLimiting(settings.RateLimitPerMinute);

        var app = builder.Build();
        app.UseSecurityHeaders();
        if (addresses.LoopbackOnly)
            app.UseLoopbackHostFilter();
        app.UseJsonExceptionHandler(log);
        app.UseJsonStatusCodePages();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseApiErrors();
        new ApiEndpoints(queue, info, onnx).Map(app);
        PageAssets.Map(app);
        return app;
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
}
