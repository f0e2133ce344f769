using System.Text;
using DcganSharp.Generation;
using DcganSharp.Tests.Support;
using static TorchSharp.torch;

namespace DcganSharp.Serve.Tests.Support;

/// <summary>
/// A real `dcgan serve` server (Kestrel on 127.0.0.1, a free port) hosted in the test process over a
/// tiny generator, with an HttpClient pointed at it. What the server logs (unexpected failures only)
/// is kept in <see cref="Log"/>, which tests expect to stay empty.
/// </summary>
internal sealed class LocalServer : IAsyncDisposable
{
    readonly StringWriter log;
    readonly LoadedGenerator loaded;
    readonly bool ownsFolder;

    LocalServer(string folder, bool ownsFolder, LoadedGenerator loaded, RunningServer server, StringWriter log)
    {
        (Folder, this.ownsFolder, this.loaded, Server, this.log) = (folder, ownsFolder, loaded, server, log);
        Client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Patience.Hang };
    }

    public string Folder { get; }

    public RunningServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>The server's log (it locks the writer while writing a line).</summary>
    public string Log
    {
        get
        {
            lock (log)
                return log.ToString();
        }
    }

    /// <param name="settings">Limits to use; the address is always 127.0.0.1 with a free port.</param>
    /// <param name="generator">The generator file or run folder; a fresh tiny generator (netG_epoch_3.pth in a temp folder) when null.</param>
    public static async Task<LocalServer> StartAsync(ServeSettings? settings = null, string? generator = null)
    {
        var ownsFolder = generator is null;
        var folder = generator is null ? Directory.CreateTempSubdirectory("dcgan-serve-test-").FullName : Path.GetDirectoryName(Path.GetFullPath(generator))!;
        generator ??= TinyNetworks.SaveGenerator(folder, "netG_epoch_3.pth");
        var loaded = GeneratorLoader.Default.Load(generator, device: CPU);
        var log = new StringWriter();
        try
        {
            var server = await ServeHost.StartAsync(loaded, (settings ?? new ServeSettings()) with { Urls = ["http://127.0.0.1:0"] }, log);
            return new LocalServer(folder, ownsFolder, loaded, server, log);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        loaded.Dispose();
        if (ownsFolder)
            Directory.Delete(Folder, recursive: true);
    }
}
