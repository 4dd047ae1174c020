using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using Marten;

namespace CloudNet.Compute.SecurityGroups;

/// <summary>How nova's security group routes read their bodies, find the project's groups, and answer Neutron's refusals: nova's
/// Neutron driver turns Neutron's 409s into 400s (a duplicate rule, a group in use) and words a missing group its own way.</summary>
public static class NovaSecurityGroups
{
    public static async Task<T> AsNova<T>(string id, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Rejection e) when (e.Kind == RejectionKind.Conflict)
        {
            throw Rejection.BadRequest(e.Message);
        }
        catch (Rejection e) when (e.Code == "SecurityGroupNotFound")
        {
            throw Rejection.NotFound($"Security group {id} not found.");
        }
    }

    /// <summary>nova's answer for a group or rule over its quota: 403.</summary>
    public static Rejection OverQuota(string resource) => Rejection.Forbidden(resource == Quotas.QuotaResources.SecurityGroupRule
        ? "Quota exceeded, too many security group rules."
        : "Quota exceeded, too many security groups.");

    /// <summary>The project's groups by id (rules name their remote group by it).</summary>
    public static async Task<IReadOnlyDictionary<Guid, SecurityGroup>> ByIdAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        return (await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant).ToListAsync(ct)).ToDictionary(g => g.Id);
    }

    /// <summary>The resource object of the body (<paramref name="key"/>), or nova's 400.</summary>
    public static JsonElement Body(JsonElement? value, string key) =>
        value is { ValueKind: JsonValueKind.Object } body ? body : throw Rejection.BadRequest($"Missing parameter {key}");

    /// <summary>A string member (nova's <c>check_string_length</c>: any string of at most 255 characters), or null when absent.</summary>
    public static string? Text(JsonElement body, string name) => body.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= 255 } text
            ? text
            : throw Rejection.BadRequest($"{name} is not a string or unicode of at most 255 characters.")
        : null;
}
