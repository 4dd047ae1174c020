using System.Net.Sockets;
using CloudNet.Identity;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Replicas;

/// <summary>
/// After authentication (the caller's tenant is known), on with <c>ConnectionStrings:PostgresReads</c> only:
/// <list type="bullet">
/// <item>a GET gets a <see cref="ReadRoute"/>: a standby that has replayed the last write of the caller's tenant (through
/// this node) and the position the client sent in <see cref="ReadAfterHeader"/>, waiting for it within the bound, or
/// the primary past it. The answer says which in <see cref="ReadFromHeader"/>;</item>
/// <item>any other request that succeeded records, before its answer leaves, the primary's WAL position after its
/// commit for the caller's tenant, and sends it in <see cref="WrittenHeader"/>.</item>
/// </list>
/// </summary>
public sealed class ReadRouting(RequestDelegate next, ReadRouter router, WrittenPositions written, ILogger<ReadRouting> logger)
{
    /// <summary>On a GET's answer: <c>standby</c>, <c>standby-after-wait</c>, <c>primary-after-wait</c> or <c>primary</c>.</summary>
    public const string ReadFromHeader = "X-CloudNet-Read-From";

    /// <summary>On a write's answer: the primary's WAL position (<c>0/3000110</c>) at or after its commit.</summary>
    public const string WrittenHeader = "X-CloudNet-Written-LSN";

    /// <summary>On a GET: a position from <see cref="WrittenHeader"/>, for a client whose writes went through another node.</summary>
    public const string ReadAfterHeader = "X-CloudNet-Read-After";

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = context.Features.Get<Caller>();
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.OnStarting(() => RecordWriteAsync(context, caller));
            await next(context);
            return;
        }

        var required = Math.Max(caller is null ? 0 : written.For(caller.TenantId), ReadAfter(context.Request));
        await using var route = await router.RouteAsync(required, context.RequestAborted);
        context.Features.Set(route);
        // When the answer starts: an error's answer is written anew (ErrorMiddleware clears the response), and says it too.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[ReadFromHeader] = route.HeaderValue;
            return Task.CompletedTask;
        });
        ReplicaMetrics.Read(route.Outcome);
        ReadConnection.Current = route;
        await next(context);
    }

    async Task RecordWriteAsync(HttpContext context, Caller? caller)
    {
        // A refused request (4xx) committed nothing; a failed one (5xx) most likely found the database gone.
        if (context.Response.StatusCode >= 400) return;
        try
        {
            var lsn = await written.PrimaryFlushedAsync(context.RequestAborted);
            if (caller is not null) written.Record(caller.TenantId, lsn);
            context.Response.Headers[WrittenHeader] = new NpgsqlLogSequenceNumber(lsn).ToString();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            // The primary went away right after the commit (a failover): the write stands, acknowledged; the survivor
            // holds it (synchronous replication), and it is where reads go until a standby is back.
            logger.LogWarning(e, "Could not read the primary's WAL position after a write");
        }
    }

    static ulong ReadAfter(HttpRequest request) =>
        request.Headers.TryGetValue(ReadAfterHeader, out var value) && NpgsqlLogSequenceNumber.TryParse(value.ToString(), out var lsn)
            ? (ulong)lsn
            : 0;
}
