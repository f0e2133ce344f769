using System.Globalization;
using DcganSharp.Generation;
using DcganSharp.Serve.Download;
using DcganSharp.Serve.Generation;
using DcganSharp.Serve.Info;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DcganSharp.Serve.Api;

/// <summary>
/// The JSON/PNG API. Handlers read the body themselves (see <see cref="JsonBody"/>) instead of
/// relying on model binding, so every bad request gets the same strict checks and a one-line
/// {"error": ...}; all generator work goes through the <see cref="GenerationQueue"/>.
/// </summary>
internal sealed class ApiEndpoints(GenerationQueue queue, ModelInfo info, OnnxDownload onnx)
{
    public const string RateLimitPolicy = "api";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Json(new HealthBody("ok"), ServeJson.Options));
        var api = routes.MapGroup("/api").RequireRateLimiting(RateLimitPolicy);
        api.MapGet("/info", () => Results.Json(info, ServeJson.Options));
        // The generator as ONNX, for ONNX Runtime in another app (see the README's export section).
        api.MapGet(OnnxDownload.Route["/api".Length..], () => Results.File(onnx.Bytes, "application/octet-stream", onnx.FileName));
        // Typed as Func so the handlers' IResults are executed (a bare method group would bind as a RequestDelegate).
        api.MapPost("/generate", (Func<HttpContext, Task<IResult>>)GenerateAsync);
        api.MapPost("/interpolate", (Func<HttpContext, Task<IResult>>)InterpolateAsync);
    }

    async Task<IResult> GenerateAsync(HttpContext context)
    {
        using var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        var request = GenerateRequest.Parse(body.RootElement, info.Classes ?? []);
        var (seed, count, label) = (request.Seed, request.Count, request.Class);
        context.Response.Headers["X-Dcgan-Seed"] = seed.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Dcgan-Count"] = count.ToString(CultureInfo.InvariantCulture);
        if (request.Format == "png")
            return Results.Bytes(await queue.RunAsync(s => GeneratorImages.InClass(s, label, () => GeneratorImages.Grid(s, seed, count)), context.RequestAborted), "image/png");

        var pngs = await queue.RunAsync(s => GeneratorImages.InClass(s, label, () => GeneratorImages.Images(s, seed, count)), context.RequestAborted);
        var images = pngs.Select((png, i) => new GeneratedImage(seed, i, Convert.ToBase64String(png))).ToList();
        var a = info.Architecture;
        return Results.Json(new GenerateResponse(seed, count, a.ImageSize, a.Channels, images, $"dcgan sample {info.File} --seed {seed} --count {count}{ClassFlag(label)}"), ServeJson.Options);
    }

    async Task<IResult> InterpolateAsync(HttpContext context)
    {
        using var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        var (from, to, steps, method, format, label) = InterpolateRequest.Parse(body.RootElement, info.Classes ?? []);
        var name = method == InterpolationMethod.Linear ? "lerp" : "slerp";
        context.Response.Headers["X-Dcgan-Steps"] = steps.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Dcgan-Method"] = name;
        if (format == "png")
            return Results.Bytes(await queue.RunAsync(s => GeneratorImages.InClass(s, label, () => GeneratorImages.Strip(s, from, to, steps, method)), context.RequestAborted), "image/png");

        var frames = await queue.RunAsync(s => GeneratorImages.InClass(s, label, () => GeneratorImages.Frames(s, from, to, steps, method)), context.RequestAborted);
        return Results.Json(new InterpolateResponse(from, to, steps, name, frames.Select(Convert.ToBase64String).ToList(), Reproduce(from, to, steps, method) is { } command ? command + ClassFlag(label) : null),
            ServeJson.Options);
    }

    /// <summary>The --class flag that draws class <paramref name="label"/>, by number (a name may need quoting); empty for none.</summary>
    static string ClassFlag(int? label) => label is { } l ? $" --class {l.ToString(CultureInfo.InvariantCulture)}" : "";

    /// <summary>The `dcgan interpolate` command for the same walk, when its flags can name both codes.</summary>
    string? Reproduce(LatentPoint from, LatentPoint to, int steps, InterpolationMethod method)
    {
        var tail = $"--steps {steps} --method {(method == InterpolationMethod.Linear ? "linear" : "slerp")}";
        if (from.Index == 0 && to.Index == 0)
            return $"dcgan interpolate {info.File} --seeds {from.Seed},{to.Seed} {tail}";
        if (from.Seed == to.Seed)
            return $"dcgan interpolate {info.File} --seed {from.Seed} --indices {from.Index},{to.Index} {tail}";
        return null;
    }
}
