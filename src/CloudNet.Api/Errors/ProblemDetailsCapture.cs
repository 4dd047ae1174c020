using System.Text.Json;

namespace CloudNet.Errors;

/// <summary>
/// Wolverine and ASP.NET answer some bad requests themselves with <c>application/problem+json</c> (a malformed
/// or mistyped JSON body, an unreadable or oversized body, an unparseable query value). This response stream
/// holds such a body back instead of sending it, so <see cref="ErrorMiddleware"/> can answer the same error in
/// the family's format. Every other body passes straight through.
/// </summary>
public sealed class ProblemDetailsCapture(Stream inner, HttpResponse response) : Stream
{
    MemoryStream? captured;
    bool decided;

    public bool HasCaptured => captured is not null;

    Stream Target
    {
        get
        {
            if (!decided)
            {
                decided = true;
                if (response.StatusCode >= 400 && response.ContentType?.StartsWith("application/problem+json") == true)
                    captured = new MemoryStream();
            }
            return captured ?? inner;
        }
    }

    /// <summary>The framework's problem, as the error the client gets.</summary>
    public ApiError ToApiError()
    {
        var status = response.StatusCode;
        string? title = null, detail = null;
        try
        {
            using var json = JsonDocument.Parse(captured!.ToArray());
            if (json.RootElement.TryGetProperty("title", out var t)) title = t.GetString();
            if (json.RootElement.TryGetProperty("detail", out var d)) detail = d.GetString();
        }
        catch (JsonException)
        {
        }
        var message = status switch
        {
            413 => "The request body is larger than the 1 MiB this service accepts.",
            400 when title == "Invalid JSON format" => "Malformed request body: " + Clean(detail),
            _ => detail ?? title ?? ApiError.ForStatus(status).Message,
        };
        return new ApiError(status, message);
    }

    // System.Text.Json names our CLR types; the client needs what is wrong and where.
    static string Clean(string? detail) => detail is null
        ? "the body is not valid JSON."
        : System.Text.RegularExpressions.Regex.Replace(detail.Split(" | ")[0], @"could not be converted to [\w.`\[\]]*[\w`\]]", "has the wrong type");

    public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        Target.WriteAsync(buffer, offset, count, ct);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
        Target.WriteAsync(buffer, ct);

    public override void Flush()
    {
        if (captured is null) inner.Flush();
    }

    public override Task FlushAsync(CancellationToken ct) => captured is null && decided ? inner.FlushAsync(ct) : Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
