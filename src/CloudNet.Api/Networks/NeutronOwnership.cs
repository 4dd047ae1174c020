using CloudNet.Identity;

namespace CloudNet.Networks;

/// <summary>
/// Neutron lets a create name its project (<c>tenant_id</c>, <c>project_id</c>): the caller's own, or, for an admin,
/// another. Here every resource belongs to its creator's tenant, so naming another is refused, with Neutron's words for
/// a non-admin; an admin is told to act as that tenant (the admin API hands out its credentials).
/// </summary>
public static class NeutronOwnership
{
    public static void EnsureCallersOwn(NeutronBody body, Caller caller)
    {
        foreach (var owner in new[] { "tenant_id", "project_id" })
        {
            if (body.Text(owner) is not { } named || named == caller.TenantId) continue;
            throw caller.IsAdmin
                ? NeutronBody.Bad(body.Resource, $"Creating a {body.Resource} for another project is not supported by this service: authenticate as project {named}")
                : NeutronBody.Bad(body.Resource, $"Specifying '{owner}' other than the authenticated project in request requires admin privileges");
        }
    }
}
