using DcganSharp.Serve.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DcganSharp.Serve.Security;

/// <summary>
/// While the server listens only on loopback, requests must name it as localhost or a loopback
/// address. Otherwise a web page on another site could point its own host name at 127.0.0.1 (DNS
/// rebinding), become same-origin with this server, and use it from the visitor's browser.
/// </summary>
internal static class LoopbackHostFilter
{
    public static IApplicationBuilder UseLoopbackHostFilter(this IApplicationBuilder app) => app.Use((context, next) =>
        ListenAddresses.IsLoopbackHost(context.Request.Host.Host)
            ? next(context)
            : ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
                "this server answers only requests addressed to localhost or a loopback address (start it with --urls to serve other names)"));
}
