using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DcganSharp.Serve.Security;

/// <summary>Headers on every response, errors included: the page may load only its own files, and nothing is sniffed, framed or cached by accident.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts, styles and requests only from this server; images also from data: and blob: URLs,
    /// which the page makes from the PNGs it fetched. No fonts, frames, forms or plugins at all.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Added as the response starts, so handlers that clear the response (the exception handler) cannot drop them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!headers.ContainsKey(HeaderNames.CacheControl))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
