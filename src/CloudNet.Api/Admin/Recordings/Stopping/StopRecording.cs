using CloudNet.Admin.Tenants;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Recordings.Stopping;

/// <summary>
/// <c>DELETE /_cloudnet/tenants/{tenant}/recording</c>: the tenant's requests are no longer recorded; what was recorded stays
/// for export. 200 with the recording; 409 when it is not recording (stopped, or full, which ended it already).
/// </summary>
public static class StopRecordingEndpoint
{
    [WolverineDelete("/_cloudnet/tenants/{tenant}/recording", OperationId = "StopRecording")]
    [Tags("Admin: recordings")]
    public static async Task<IResult> Delete(string tenant, Caller caller, IDocumentSession session, AccountDirectory accounts, RecordingCache cache,
        DateTimeOffset now, CancellationToken ct)
    {
        await TransactionLocks.ExclusiveAsync(session, $"recording:{tenant}", ct);
        var row = await RecordingLookup.LatestAsync(session, accounts, tenant, ct);
        if (row.State != RecordingState.Recording)
            throw Rejection.Conflict($"Tenant {tenant} is not being recorded: its last recording is {row.State} since {row.EndedAt:O}.", "NotRecording");

        session.Events.Append(Tenant.StreamIdOf(tenant), new RecordingStopped(row.RecordingId, tenant, row.Entries, row.Bytes, caller.UserName, now));
        RecordingTables.QueueEnd(session, tenant, row.RecordingId, RecordingState.Stopped, now);
        await session.SaveChangesAsync(ct);
        cache.Changed(tenant, null);
        return Results.Json(RecordingJson.From(await RecordingTables.ReadAsync(session.DocumentStore, tenant, ct) ?? row));
    }
}
