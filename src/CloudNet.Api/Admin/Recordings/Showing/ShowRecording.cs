using CloudNet.Identity.Accounts;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Recordings.Showing;

/// <summary><c>GET /_cloudnet/tenants/{tenant}/recording</c>: the tenant's latest recording: its state (<c>recording</c>, <c>stopped</c>,
/// or <c>full</c> when a bound ended it), how many requests and bytes it holds, and its bounds.</summary>
public static class ShowRecordingEndpoint
{
    [WolverineGet("/_cloudnet/tenants/{tenant}/recording", OperationId = "ShowRecording")]
    [Tags("Admin: recordings")]
    public static async Task<IResult> Get(string tenant, IQuerySession session, AccountDirectory accounts, CancellationToken ct) =>
        Results.Json(RecordingJson.From(await RecordingLookup.LatestAsync(session, accounts, tenant, ct)));
}
