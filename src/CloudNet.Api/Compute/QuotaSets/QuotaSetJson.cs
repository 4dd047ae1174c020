using CloudNet.Errors;
using CloudNet.Identity;

namespace CloudNet.Compute.QuotaSets;

/// <summary>Nova's <c>quota_set</c>, with the resources the microversion shows.</summary>
public static class QuotaSetJson
{
    public static Dictionary<string, object?> Limits(string? projectId, IReadOnlyDictionary<string, int> limits, Microversion version)
    {
        var json = new Dictionary<string, object?>();
        if (projectId is not null) json["id"] = projectId;
        foreach (var (resource, limit) in limits)
            if (ComputeQuotas.IsShown(resource, version)) json[resource] = limit;
        return json;
    }

    /// <summary><c>/detail</c>: each resource as <c>{"in_use","limit","reserved"}</c> (nothing is ever reserved here).</summary>
    public static Dictionary<string, object?> Detail(string projectId, IReadOnlyDictionary<string, int> limits,
        IReadOnlyDictionary<string, int> usage, Microversion version)
    {
        var json = new Dictionary<string, object?> { ["id"] = projectId };
        foreach (var (resource, limit) in limits)
            if (ComputeQuotas.IsShown(resource, version))
                json[resource] = new { in_use = usage.GetValueOrDefault(resource), limit, reserved = 0 };
        return json;
    }

    /// <summary>A project's own quotas are its users'; any other project's are an admin's (nova's policy, and its 403).</summary>
    public static void EnsureMayRead(Caller caller, string projectId, string action)
    {
        if (caller.TenantId != projectId && !caller.IsAdmin)
            throw Rejection.Forbidden($"Policy doesn't allow os_compute_api:os-quota-sets:{action} to be performed.");
    }
}
