using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.QuotaSets.Reverting;

/// <summary><c>DELETE /os-quota-sets/{project}</c>, the admin's: the project's quotas go back to the defaults. 202.</summary>
public static class RevertQuotaSetEndpoint
{
    [WolverineDelete("/os-quota-sets/{quotaProjectId}", OperationId = "RevertQuotaSet")]
    [Tags("Compute: quotas")]
    public static async Task<IResult> Delete(string quotaProjectId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        if (!caller.IsAdmin) throw Rejection.Forbidden("Policy doesn't allow os_compute_api:os-quota-sets:delete to be performed.");
        var stream = await session.Events.FetchForWriting<TenantQuotas>(TenantQuotas.StreamId(quotaProjectId), ct);
        if (stream.Aggregate is not null) stream.AppendOne(new QuotasReset(quotaProjectId, caller.UserName, now));
        return Results.StatusCode(202);
    }
}
