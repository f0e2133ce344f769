using System.Net;
using Microsoft.AspNetCore.Http;

namespace DcganSharp.Serve;

/// <summary>The --urls the server listens on, checked before Kestrel sees them, and which of them reach beyond this machine.</summary>
internal sealed class ListenAddresses
{
    ListenAddresses(IReadOnlyList<string> urls, IReadOnlyList<string> beyondLoopback) => (Urls, BeyondLoopback) = (urls, beyondLoopback);

    public IReadOnlyList<string> Urls { get; }

    /// <summary>The URLs that other machines may reach: wildcards, non-loopback addresses, host names other than localhost.</summary>
    public IReadOnlyList<string> BeyondLoopback { get; }

    public bool LoopbackOnly => BeyondLoopback.Count == 0;

    /// <summary>Parses --urls values (each may hold several URLs separated by ';'); throws a usage error for a bad one.</summary>
    public static ListenAddresses Parse(IEnumerable<string> values)
    {
        var urls = values.SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (urls.Count == 0)
            throw DcganException.Usage("--urls needs at least one address, e.g. --urls http://127.0.0.1:5123");
        var beyond = new List<string>();
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw DcganException.Usage($"--urls '{url}' is not a URL to listen on; write it like http://127.0.0.1:5123");
            }
            if (address.IsUnixPipe || address.IsNamedPipe)
                throw DcganException.Usage($"--urls '{url}': only http://HOST:PORT addresses are supported");
            if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
                throw DcganException.Usage($"--urls '{url}': only http:// is supported; put a TLS-terminating proxy in front for https");
            if (address.Port is < 0 or > 65535)
                throw DcganException.Usage($"--urls '{url}': the port must be 0 to 65535");
            if (address.Port == 0 && string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
                throw DcganException.Usage($"--urls '{url}': port 0 (any free port) needs an address, e.g. http://127.0.0.1:0");
            if (address.PathBase.Length > 0)
                throw DcganException.Usage($"--urls '{url}': a path is not supported; give only http://HOST:PORT");
            if (!IsLoopbackHost(address.Host))
                beyond.Add(url);
        }
        return new ListenAddresses(urls, beyond);
    }

    /// <summary>
    /// True for "localhost" and loopback IP literals. Kestrel listens on every interface for
    /// anything else it cannot read as an IP address (*, +, other names), so those are not loopback.
    /// </summary>
    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>The stderr warning for listening beyond loopback, or null when every address is local.</summary>
    public string? Warning() => LoopbackOnly
        ? null
        : $"warning: listening beyond this machine ({string.Join(", ", BeyondLoopback)}): anyone who can reach it can use the generator, within the rate limit; the default {ServeSettings.DefaultUrls} keeps it local";
}
