using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Allocating;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Servers;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Compute;

public static class Configuration
{
    public static IServiceCollection AddComputeFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<List<FloatingIpPoolOptions>>(configuration.GetSection("FloatingIpPools"));
        services.Configure<FloatingIpQuotaOptions>(configuration.GetSection("Quotas"));
        services.AddSingleton<FloatingIpPools>();
        return services;
    }

    public static StoreOptions ConfigureCompute(this StoreOptions options)
    {
        options.Projections.Snapshot<Server>(SnapshotLifecycle.Inline);
        options.Schema.For<Server>().Index(x => x.TenantId);

        options.Projections.Snapshot<FloatingIp>(SnapshotLifecycle.Inline);
        options.Schema.For<FloatingIp>()
            .Index(x => x.TenantId)
            // A second live floating IP with the same address in one pool cannot be stored, whatever the code above does.
            .UniqueIndex(x => x.Pool, x => x.Address);
        return options;
    }
}
