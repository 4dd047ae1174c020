using Microsoft.AspNetCore.Http.Features;

namespace CloudNet.Hosting;

/// <summary>
/// Seed 003's client sends <c>Content-Type: application/json</c> on a POST with no body at all. A body that
/// cannot exist, is declared empty, or turns out empty is treated as absent, so optional bodies bind to null
/// rather than failing as malformed JSON.
/// </summary>
public static class EmptyBodies
{
    public static IApplicationBuilder UseEmptyBodiesAsAbsent(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength != 0 && await IsEmptyAsync(context))
        {
            request.Headers.ContentType = default;
            request.ContentLength = 0;
        }
        await next();
    });

    /// <summary>Declared empty, or one that cannot exist (a GET without Content-Length or Transfer-Encoding).</summary>
    public static bool HasNoBody(HttpContext context) =>
        context.Request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;

    static async Task<bool> IsEmptyAsync(HttpContext context)
    {
        var request = context.Request;
        if (HasNoBody(context)) return true;
        if (request.ContentLength is not null) return false;

        // Length unknown (chunked): look at the first byte, then rewind for the real reader.
        request.EnableBuffering();
        var probe = new byte[1];
        var read = await request.Body.ReadAsync(probe, context.RequestAborted);
        request.Body.Position = 0;
        return read == 0;
    }
}
