using CloudNet.Admin.Tenants.Creating;

namespace CloudNet.Admin.Tenants;

public static class TenantJson
{
    public static object From(Tenant tenant) => new
    {
        id = tenant.TenantId,
        name = tenant.Name,
        user = tenant.User,
        created_at = tenant.CreatedAt,
        forked_from = tenant.ForkedFrom,
        forked_at = tenant.ForkedAt,
        seed = tenant.Seed,
        configured = tenant.Configured,
        resets = tenant.Resets,
        last_reset_at = tenant.LastResetAt,
        recording = tenant.Recording is { } recording
            ? new { id = recording.Id, state = recording.State, started_at = recording.StartedAt, ended_at = recording.EndedAt }
            : null,
    };

    public static object Created(Tenant tenant, NewCredentials credentials) => new { tenant = From(tenant), credentials = Credentials(tenant, credentials) };

    public static object Credentials(Tenant tenant, NewCredentials credentials) => new
    {
        user = credentials.User,
        password = credentials.Password,
        api_key = credentials.ApiKey,
        access_key = credentials.AccessKey,
        secret_key = credentials.SecretKey,
        project_id = tenant.TenantId,
    };
}
