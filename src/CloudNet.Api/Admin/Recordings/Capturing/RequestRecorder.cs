using CloudNet.History.Metadata;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Hosting;
using CloudNet.Identity;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CloudNet.Admin.Recordings.Capturing;

/// <summary>
/// Records the requests of the tenants being recorded, each as a HAR entry: what the client sent, what it got, how long it took,
/// and the request id that leads to its events. While no tenant is recorded it passes every request straight through. While
/// one is, it holds each answer back (<see cref="HeldAnswer"/>) until authentication has said whose request it is
/// (<see cref="RecordingCandidate"/>): another tenant's is let through at once; a recorded tenant's, and a token request's (the
/// tenant of the token issued), is captured with its body and held to the end. A recorded request is stored before its body
/// goes out, so a client that has its answer finds the entry in the next export. Storing never fails a request: an error is
/// logged and the answer goes out as it was.
/// </summary>
public sealed class RequestRecorder(RequestDelegate next, RecordingCache cache, IDocumentStore store, IOptions<RecordingOptions> options,
    TimeProvider clock, ILogger<RequestRecorder> logger)
{
    static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public async Task InvokeAsync(HttpContext context)
    {
        var active = await cache.CurrentAsync();
        if (!active.Any)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var body = response.Body;
        await using var held = new HeldAnswer(body);
        var candidate = new RecordingCandidate(active, clock.GetUtcNow(), clock.GetTimestamp(), held);
        context.Features.Set(candidate);
        response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body;
        }

        if (!held.IsHeld) return; // let through after authentication: not a recorded tenant's
        var answer = held.Held;
        var aborted = context.RequestAborted.IsCancellationRequested;
        var captured = candidate.Captured;
        var tenant = captured is null ? null : context.Features.Get<Caller>()?.TenantId ?? (captured.IsTokenRequest ? TokenTenant(answer) : null);
        if (captured is null || tenant is null || !active.ByTenant.TryGetValue(tenant, out var recording))
        {
            if (!aborted) await SendAsync(context, answer);
            return;
        }

        var elapsed = clock.GetElapsedTime(captured.StartedTimestamp);
        if (!aborted && answer.Length > 0 && response.ContentLength is null) response.ContentLength = answer.Length;
        if (!aborted) await response.StartAsync(context.RequestAborted); // the request id headers are set as the answer starts
        try
        {
            await StoreAsync(context, tenant, recording, captured, answer, elapsed, aborted);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not record {Method} {Url} of tenant {Tenant}", captured.Method, captured.Url, tenant);
        }
        if (!aborted) await SendAsync(context, answer);
    }

    static async Task SendAsync(HttpContext context, MemoryStream answer)
    {
        answer.Position = 0;
        try
        {
            await answer.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    async Task StoreAsync(HttpContext context, string tenant, Guid recording, CapturedRequest captured, MemoryStream answer, TimeSpan elapsed,
        bool aborted)
    {
        var requestId = context.RequestId();
        var entry = Entry(context, captured, await RequestBodyAsync(context.Request), answer, elapsed, aborted);
        entry[Har.Extension] = new JsonObject
        {
            ["request_id"] = requestId,
            ["history"] = $"/history/requests/{requestId}",
            ["tenant_id"] = tenant,
            ["auth"] = captured.Auth.ToJson(),
        };
        if (aborted) entry[Har.Extension]!["dropped"] = true;
        if (await RecordingTables.AppendAsync(store, tenant, recording, requestId, entry.ToJsonString(Har.Json), CancellationToken.None) is not null)
            return;
        // Not stored: the recording just reached a bound, or ended meanwhile. The first to see the bound ends it as full.
        if (await RecordingTables.MarkFullAsync(store, tenant, recording, clock.GetUtcNow(), CancellationToken.None) is { } full)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = requestId;
            CommandMetadata.Name(session, "Recording");
            session.Events.Append(Tenants.Tenant.StreamIdOf(tenant), new RecordingFilled(recording, tenant, full.Entries, full.Bytes, full.EndedAt!.Value));
            await session.SaveChangesAsync();
            logger.LogWarning("The recording of tenant {Tenant} is full ({Entries} entries, {Bytes} bytes): later requests are not recorded",
                tenant, full.Entries, full.Bytes);
        }
        cache.Changed(tenant, null);
    }

    JsonObject Entry(HttpContext context, CapturedRequest captured, (byte[] Bytes, long Size) requestBody, MemoryStream answer, TimeSpan elapsed,
        bool aborted)
    {
        var response = context.Response;
        var (requestText, requestTruncated, _) = Text(requestBody.Bytes, requestBody.Size);
        var responseBytes = answer.GetBuffer().AsSpan(0, (int)answer.Length);
        var cut = responseBytes[..Math.Min(responseBytes.Length, options.Value.MaxBodyBytes)].ToArray();
        var (responseText, responseTruncated, base64) = Text(cut, answer.Length);
        var content = new JsonObject { ["size"] = answer.Length, ["mimeType"] = response.ContentType ?? "" };
        if (responseText is not null) content["text"] = responseText;
        if (base64) content["encoding"] = "base64";
        if (responseTruncated) content["comment"] = $"Cut at {cut.Length} of {answer.Length} bytes (Recording:MaxBodyBytes).";
        var milliseconds = Math.Round(elapsed.TotalMilliseconds, 3);
        return new JsonObject
        {
            ["startedDateTime"] = captured.StartedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffK"),
            ["time"] = milliseconds,
            ["request"] = captured.ToJson(requestText, requestBody.Size, context.Request.ContentType, requestTruncated),
            ["response"] = new JsonObject
            {
                ["status"] = aborted ? 0 : response.StatusCode,
                ["statusText"] = aborted ? "" : ReasonPhrases.GetReasonPhrase(response.StatusCode),
                ["httpVersion"] = context.Request.Protocol,
                ["cookies"] = new JsonArray(),
                ["headers"] = CapturedRequest.Pairs(response.Headers.SelectMany(h =>
                    h.Value.Select(v => new KeyValuePair<string, string>(h.Key, Secrets.Header(h.Key, v ?? ""))))),
                ["content"] = content,
                ["redirectURL"] = response.Headers.Location.ToString(),
                ["headersSize"] = -1,
                ["bodySize"] = aborted ? -1 : answer.Length,
            },
            ["cache"] = new JsonObject(),
            ["timings"] = new JsonObject
            {
                ["blocked"] = -1, ["dns"] = -1, ["connect"] = -1, ["ssl"] = -1, ["send"] = 0, ["wait"] = milliseconds, ["receive"] = 0,
            },
        };
    }

    /// <summary>The request body as received (the pipeline read it from the buffered stream), at most the configured bytes of it.</summary>
    async Task<(byte[] Bytes, long Size)> RequestBodyAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek) return ([], 0);
        request.Body.Position = 0;
        var limit = options.Value.MaxBodyBytes;
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        long size = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            if (kept.Length < limit) kept.Write(buffer, 0, (int)Math.Min(read, limit - kept.Length));
            size += read;
        }
        return (kept.ToArray(), size);
    }

    /// <summary>A body as a HAR keeps it: text with its secrets taken out, or base64 when it is not UTF-8; null when empty.</summary>
    static (string? Text, bool Truncated, bool Base64) Text(byte[] bytes, long size)
    {
        if (size == 0) return (null, false, false);
        var truncated = bytes.Length < size;
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return (truncated ? text : Secrets.Body(text), truncated, false);
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(bytes), truncated, true);
        }
    }

    /// <summary>The tenant of an issued token: Keystone v2's <c>access.token.tenant.id</c>, v3's <c>token.project.id</c>.</summary>
    static string? TokenTenant(MemoryStream answer)
    {
        try
        {
            var json = JsonNode.Parse(answer.GetBuffer().AsSpan(0, (int)answer.Length));
            return (json?["access"]?["token"]?["tenant"]?["id"] ?? json?["token"]?["project"]?["id"])?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
