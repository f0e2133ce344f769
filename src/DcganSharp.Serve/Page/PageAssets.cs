using DcganSharp.IO;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DcganSharp.Serve.Page;

/// <summary>
/// The page's four files, embedded in the assembly and served from memory on fixed routes: no
/// request path ever reaches the file system. Browsers revalidate them with an ETag.
/// </summary>
internal static class PageAssets
{
    static readonly (string Route, string Name, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "app.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "favicon.svg", "image/svg+xml"),
    ];

    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var (route, name, contentType) in Files)
        {
            var content = Read(name);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            routes.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], context => Serve(context, content, contentType, etag));
        }
    }

    static Task Serve(HttpContext context, byte[] content, string contentType, string etag)
    {
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    static byte[] Read(string name) => EmbeddedResource.ReadAllBytes(typeof(PageAssets).Assembly, $"DcganSharp.Serve.Page.{name}");
}
