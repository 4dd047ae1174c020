using CloudNet.Admin.Tenants;
using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using Marten;

namespace CloudNet.Admin.Recordings;

public static class RecordingLookup
{
    /// <summary>The tenant's latest recording: the admin API's 404 for an unknown tenant or one never recorded.</summary>
    public static async Task<RecordingRow> LatestAsync(IQuerySession session, AccountDirectory accounts, string tenant, CancellationToken ct)
    {
        await TenantLookup.EnsureKnownAsync(session, accounts, tenant, ct);
        return await RecordingTables.ReadAsync(session.DocumentStore, tenant, ct)
            ?? throw Rejection.NotFound($"Tenant {tenant} has never been recorded: POST {RecordingJson.Path(tenant)} starts a recording.", "NoRecording");
    }
}
