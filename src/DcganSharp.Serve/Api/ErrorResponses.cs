using DcganSharp.Serve.Generation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DcganSharp.Serve.Api;

/// <summary>Turns every failure into a JSON {"error": ...} with the right status; never a stack trace.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), ServeJson.Options, context.RequestAborted);
    }

    /// <summary>Refused requests (<see cref="ApiException"/>) and a full queue (503 with Retry-After).</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteAsync(context, e.StatusCode, e.Message);
        }
        catch (QueueFullException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "1";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    });

    /// <summary>The catch-all: anything unexpected is a 500 with a generic message; one line goes to <paramref name="log"/>.</summary>
    public static IApplicationBuilder UseJsonExceptionHandler(this IApplicationBuilder app, TextWriter log) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                if (context.Features.Get<IExceptionHandlerFeature>()?.Error is { } error)
                {
                    lock (log)
                        log.WriteLine($"error: {context.Request.Method} {context.Request.Path} failed: {error.GetType().Name}: {FirstLine(error.Message)}");
                }
                return WriteAsync(context, StatusCodes.Status500InternalServerError, "internal error: the server could not complete this request");
            },
        });

    /// <summary>Bodies for the statuses routing sets without one (404, 405).</summary>
    public static IApplicationBuilder UseJsonStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var message = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "not found: the page is at /, the API at /api/info, /api/generate and /api/interpolate",
                StatusCodes.Status405MethodNotAllowed => "method not allowed: /api/generate and /api/interpolate take POST, the rest GET",
                var code => ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase.ToLowerInvariant() : $"status {code}",
            };
            return WriteAsync(http, http.Response.StatusCode, message);
        });

    static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
}
