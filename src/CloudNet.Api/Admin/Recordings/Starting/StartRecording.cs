using CloudNet.Admin.Tenants;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using CloudNet.Ids;
using CloudNet.Networks;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace CloudNet.Admin.Recordings.Starting;

/// <summary>
/// <c>POST /_cloudnet/tenants/{tenant}/recording</c>: from now on every request of the tenant is recorded, on every instance (on
/// the others within <c>Recording:RefreshMilliseconds</c>), until <c>DELETE</c> stops it or a bound of the configuration is reached.
/// 201 with the recording; 409 while one is running. A new recording replaces the tenant's last one (its entries go; the events
/// that tell of it stay).
/// </summary>
public static class StartRecordingEndpoint
{
    // Not "{tenantId}": Wolverine would take a route argument of that name as the Marten session's tenant.
    [WolverinePost("/_cloudnet/tenants/{tenant}/recording", OperationId = "StartRecording")]
    [Tags("Admin: recordings")]
    public static async Task<IResult> Post(string tenant, HttpContext context, Caller caller, IDocumentSession session, AccountDirectory accounts,
        RecordingCache cache, IOptions<RecordingOptions> options, DateTimeOffset now, CancellationToken ct)
    {
        await TenantLookup.EnsureKnownAsync(session, accounts, tenant, ct);
        await TransactionLocks.ExclusiveAsync(session, $"recording:{tenant}", ct);
        if (await RecordingTables.ReadAsync(session.DocumentStore, tenant, ct) is { State: RecordingState.Recording } running)
            throw Rejection.Conflict($"Tenant {tenant} is being recorded already (since {running.StartedAt:O}): DELETE {RecordingJson.Path(tenant)} stops it.",
                "RecordingInProgress");

        var started = new RecordingStarted(IdSource.TimeOrdered.Next(), tenant, options.Value.MaxEntries, options.Value.MaxBytes,
            caller.UserName, now);
        session.Events.Append(Tenant.StreamIdOf(tenant), started);
        RecordingTables.QueueStart(session, started);
        // Committed here, so that this instance records the tenant's next request however soon it comes.
        await session.SaveChangesAsync(ct);
        cache.Changed(tenant, started.RecordingId);
        context.Response.Headers.Location = RecordingJson.Path(tenant);
        return Results.Json(RecordingJson.From(new RecordingRow(tenant, started.RecordingId, RecordingState.Recording, 0, 0, started.MaxEntries,
            started.MaxBytes, now, null)), statusCode: 201);
    }
}
