using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Admin.Tenants;
using CloudNet.Compute.Flavors;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.QuotaSets.Updating;

public sealed record UpdateQuotaSet([property: JsonPropertyName("quota_set")] Dictionary<string, JsonElement>? QuotaSet);

/// <summary>
/// <c>PUT /os-quota-sets/{project}</c>, the admin's: sets some of a project's quotas (an event in the project's quota
/// stream) and answers all of them. A new floating IP limit is enforced from the next allocation on.
/// </summary>
public static class UpdateQuotaSetEndpoint
{
    [WolverinePut("/os-quota-sets/{quotaProjectId}", OperationId = "UpdateQuotaSet")]
    [Tags("Compute: quotas")]
    public static async Task<IResult> Put(string quotaProjectId, UpdateQuotaSet? command, HttpContext context, Caller caller,
        IDocumentSession session, AccountDirectory accounts, QuotaLimits quotas, FlavorCatalog flavors, DateTimeOffset now, CancellationToken ct)
    {
        if (!caller.IsAdmin) throw Rejection.Forbidden("Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.");
        if (!await TenantLookup.IsKnownAsync(session, accounts, quotaProjectId, ct))
            throw Rejection.BadRequest($"Project ID {quotaProjectId} is not a valid project.");

        var version = Microversion.Of(context.Request);
        var stream = await session.Events.FetchForWriting<TenantQuotas>(TenantQuotas.StreamId(quotaProjectId), ct);
        var usage = await ComputeUsage.CountAsync(session, quotaProjectId, flavors, ct);
        var changes = QuotaSetChanges.From(command?.QuotaSet, ComputeQuotas.View(quotas.Defaults), usage, version);
        var updated = new QuotasSet(quotaProjectId, changes.ToDictionary(c => ComputeQuotas.Kept(c.Key), c => c.Value), caller.UserName, now);
        stream.AppendOne(updated);

        var after = stream.Aggregate is { } current ? current.Apply(updated) : TenantQuotas.Create(updated);
        return Results.Json(new { quota_set = QuotaSetJson.Limits(null, ComputeQuotas.View(QuotaLimits.Of(quotas.Defaults, after)), version) });
    }
}
