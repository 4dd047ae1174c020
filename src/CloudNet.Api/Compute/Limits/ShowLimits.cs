using System.Globalization;
using System.Text.Json.Nodes;
using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Networks;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.Limits;

/// <summary>
/// <c>GET /limits</c> (also under <c>/v2/{tenant}</c>): the caller's rate and absolute limits in nova's format,
/// whether or not they are enforced. Rate limits with one uri and regex are grouped as nova groups them; with
/// enforcement on, <c>remaining</c> and <c>next-available</c> come from the shared counters (this request included).
/// </summary>
public static class ShowLimitsEndpoint
{
    [WolverineGet("/limits", OperationId = "ShowLimits")]
    [Tags("Compute: limits")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session, AccountLimits limits, RateCounters counters,
        QuotaLimits quotas, TimeProvider clock)
    {
        var tenant = context.Caller().TenantId;
        var ct = context.RequestAborted;
        var now = clock.GetUtcNow();
        var used = limits.Enabled ? await counters.CurrentAsync(tenant, limits.Rates, now, ct) : new Dictionary<string, int>();

        var rate = new JsonArray();
        foreach (var group in limits.Rates.GroupBy(rule => (rule.Uri, rule.Regex)))
        {
            var entries = new JsonArray();
            foreach (var rule in group) entries.Add(Limit(rule, used.GetValueOrDefault(rule.Key), now));
            rate.Add(new JsonObject { ["uri"] = group.Key.Uri, ["regex"] = group.Key.Regex, ["limit"] = entries });
        }

        var absolute = new JsonObject
        {
            ["maxTotalPrivateNetworks"] = limits.MaxTotalPrivateNetworks,
            ["totalPrivateNetworksUsed"] = await session.Query<Network>().CountAsync(n => n.TenantId == tenant, ct),
            ["maxTotalFloatingIps"] = await quotas.ForAsync(session, tenant, QuotaResources.FloatingIp, ct),
            ["totalFloatingIpsUsed"] = await session.Query<FloatingIp>().CountAsync(ip => ip.TenantId == tenant, ct),
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
