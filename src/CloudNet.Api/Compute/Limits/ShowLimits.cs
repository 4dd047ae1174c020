using System.Globalization;
using System.Text.Json.Nodes;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.QuotaSets;
using CloudNet.Identity;
using CloudNet.Networks;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.Limits;

/// <summary>
/// <c>GET /limits</c> (also under <c>/v2/{tenant}</c>): the caller's rate and absolute limits in nova's format,
/// whether or not they are enforced, and nova's absolute limits: the project's quotas and what it holds. Rate limits with one uri and regex are grouped as nova groups them; with
/// enforcement on, <c>remaining</c> and <c>next-available</c> come from the shared counters (this request included).
/// </summary>
public static class ShowLimitsEndpoint
{
    [WolverineGet("/limits", OperationId = "ShowLimits")]
    [Tags("Compute: limits")]
    public static async Task<IResult> Get(Caller caller, IQuerySession session, AccountLimits limits, RateCounters counters, QuotaLimits quotas,
        FlavorCatalog flavors, TimeProvider clock, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var now = clock.GetUtcNow();
        var used = limits.Enabled ? await counters.CurrentAsync(tenant, limits.Rates, now, ct) : new Dictionary<string, int>();

        var rate = new JsonArray();
        foreach (var group in limits.Rates.GroupBy(rule => (rule.Uri, rule.Regex)))
        {
            var entries = new JsonArray();
            foreach (var rule in group) entries.Add(Limit(rule, used.GetValueOrDefault(rule.Key), now));
            rate.Add(new JsonObject { ["uri"] = group.Key.Uri, ["regex"] = group.Key.Regex, ["limit"] = entries });
        }

        // Nova's absolute limits are the project's quotas (an admin's or the defaults) and what it holds; then Rackspace's.
        var quota = ComputeQuotas.View(await quotas.ForAsync(session, tenant, ct));
        var held = await ComputeUsage.CountAsync(session, tenant, flavors, ct);
        var absolute = new JsonObject
        {
            ["maxServerMeta"] = quota["metadata_items"],
            ["maxPersonality"] = quota["injected_files"],
            ["maxPersonalitySize"] = quota["injected_file_content_bytes"],
            ["maxImageMeta"] = quota["metadata_items"],
            ["maxTotalInstances"] = quota[ComputeQuotas.Instances],
            ["maxTotalCores"] = quota[ComputeQuotas.Cores],
            ["maxTotalRAMSize"] = quota[ComputeQuotas.Ram],
            ["maxTotalKeypairs"] = quota[ComputeQuotas.KeyPairs],
            ["maxSecurityGroups"] = quota["security_groups"],
            ["maxSecurityGroupRules"] = quota["security_group_rules"],
            ["maxServerGroups"] = quota["server_groups"],
            ["maxServerGroupMembers"] = quota["server_group_members"],
            ["maxTotalFloatingIps"] = quota[ComputeQuotas.FloatingIps],
            ["totalInstancesUsed"] = held[ComputeQuotas.Instances],
            ["totalCoresUsed"] = held[ComputeQuotas.Cores],
            ["totalRAMUsed"] = held[ComputeQuotas.Ram],
            ["totalFloatingIpsUsed"] = held[ComputeQuotas.FloatingIps],
            ["totalSecurityGroupsUsed"] = held["security_groups"],
            ["totalServerGroupsUsed"] = 0,
            ["maxTotalPrivateNetworks"] = limits.MaxTotalPrivateNetworks,
            ["totalPrivateNetworksUsed"] = await session.Query<Network>().CountAsync(n => n.TenantId == tenant, ct),
        };
        return Results.Json(new JsonObject { ["limits"] = new JsonObject { ["rate"] = rate, ["absolute"] = absolute } });
    }

    /// <summary>A spent limit is next available when its window ends; any other, now.</summary>
    static JsonObject Limit(RateLimitRule rule, int hits, DateTimeOffset now)
    {
        var remaining = Math.Max(0, rule.Value - hits);
        var next = remaining > 0 ? now : rule.WindowAt(now).End;
        return new JsonObject
        {
            ["verb"] = rule.Verb,
            ["value"] = rule.Value,
            ["remaining"] = remaining,
            ["unit"] = rule.Unit,
            ["next-available"] = next.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }
}
