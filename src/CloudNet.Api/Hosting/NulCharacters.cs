using CloudNet.Errors;

namespace CloudNet.Hosting;

/// <summary>
/// Refuses text PostgreSQL cannot store — U+0000, which JSON allows as <c>\u0000</c> and a URL as <c>%00</c> — before
/// any endpoint runs, with the 400 the database's refusal would have become. Letting PostgreSQL refuse it is not safe
/// with prepared statements: the refusal comes while the statement's parameters are bound, and a connection that
/// had it inside a batch answered the next request out of step ("unexpected backend message"; Npgsql 10).
/// </summary>
public static class NulCharacters
{
    public static IApplicationBuilder UseNulCharacterRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.Value?.Contains('\0') == true || request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true))
            || await BodyHasNulAsync(context))
            throw Rejection.BadRequest(ExceptionTranslation.UnstorableText);
        await next();
    });

    static async Task<bool> BodyHasNulAsync(HttpContext context)
    {
        // Most requests (every GET) have no body at all: nothing to buffer.
        if (EmptyBodies.HasNoBody(context)) return false;
        var request = context.Request;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        request.Body.Position = 0;
        return HasNul(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>A raw NUL byte, or a JSON <c>\u0000</c> escape (not <c>\\u0000</c>, a backslash and the text "u0000").</summary>
    public static bool HasNul(ReadOnlySpan<byte> body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == 0) return true;
            if (body[i] != (byte)'\\' || i + 1 >= body.Length) continue;
            if (body[i + 1] == (byte)'u' && body[(i + 2)..].StartsWith("0000"u8)) return true;
            i++; // the escaped character, so that "\\" never starts an escape of its own
        }
        return false;
    }
}
