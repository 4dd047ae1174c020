using CloudNet.Admin.Faults;
using CloudNet.Admin.Tenants.Seeding;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Admin;

/// <summary>The admin API (<c>/_cloudnet/…</c>): on unless <c>Admin:Enabled</c> is false.</summary>
public sealed class AdminOptions
{
    public bool Enabled { get; set; } = true;
}

public static class Configuration
{
    public const string Prefix = "/_cloudnet";

    public static IServiceCollection AddAdminFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdminOptions>(configuration.GetSection("Admin"));
        services.AddFaultInjection(configuration);
        return services;
    }

    public static StoreOptions ConfigureAdmin(this StoreOptions options)
    {
        options.Projections.Snapshot<Tenants.Tenant>(SnapshotLifecycle.Inline);
        options.Schema.For<Tenants.Tenant>().Index(x => x.CreatedAt);
        options.ConfigureFaults();
        options.AddSeededRequestsTable();
        return options;
    }

    public static bool IsAdminRoute(Wolverine.Http.HttpChain chain) =>
        chain.RoutePattern?.RawText?.StartsWith(Prefix, StringComparison.Ordinal) == true;
}
