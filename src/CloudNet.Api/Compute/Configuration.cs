using CloudNet.Compute.AvailabilityZones;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Compute;

public static class Configuration
{
    public static IServiceCollection AddComputeFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<List<FloatingIpPoolOptions>>(configuration.GetSection("FloatingIpPools"));
        services.AddSingleton<FloatingIpPools>();
        services.Configure<List<FlavorOptions>>(configuration.GetSection("Flavors"));
        services.AddSingleton<FlavorCatalog>();
        services.Configure<AvailabilityZoneOptions>(configuration.GetSection("AvailabilityZone"));
        return services;
    }

    public static StoreOptions ConfigureCompute(this StoreOptions options)
    {
        options.Projections.Snapshot<Server>(SnapshotLifecycle.Inline);
        options.Schema.For<Server>().Index(x => x.TenantId);

        options.Projections.Snapshot<FloatingIp>(SnapshotLifecycle.Inline);
        // No unique index on (Pool, Address) here, although a pool never has two live floating IPs with one address: a
        // rebuild writes a batch of snapshots in no particular order, so the release of an address and its next allocation
        // (two streams) could be written the other way round and fail the rebuild. The database still refuses a second
        // holder whatever the code above does: IPAM's lease key (ip_leases) and address_holdings' unique open interval
        // per address, both written in the command's transaction (and, for the latter, in event order on a rebuild).
        options.Schema.For<FloatingIp>().Index(x => x.TenantId).Index(x => x.PortId);

        options.Projections.Snapshot<Keypair>(SnapshotLifecycle.Inline);
        options.Schema.For<Keypair>().Index(x => x.UserId).Index(x => x.TenantId);
        return options;
    }
}
