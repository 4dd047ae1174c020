using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Networks;

public static class Configuration
{
    public static IServiceCollection AddNetworksFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NetworksOptions>(configuration.GetSection("Networks"));
        return services;
    }

    public static StoreOptions ConfigureNetworks(this StoreOptions options)
    {
        options.Projections.Snapshot<Network>(SnapshotLifecycle.Inline);
        options.AddMacSequence();

        options.Projections.Snapshot<SharedIps.SharedIp>(SnapshotLifecycle.Inline);
        options.Schema.For<SharedIps.SharedIp>().Index(x => x.TenantId);
        options.Schema.For<Network>().Index(x => x.TenantId);

        options.Projections.Snapshot<Ports.Port>(SnapshotLifecycle.Inline);
        options.Schema.For<Ports.Port>().Index(x => x.TenantId).Index(x => x.NetworkId).Index(x => x.MacAddress);

        options.Projections.Snapshot<Routers.Router>(SnapshotLifecycle.Inline);
        options.Schema.For<Routers.Router>().Index(x => x.TenantId);

        options.Projections.Snapshot<SecurityGroups.SecurityGroup>(SnapshotLifecycle.Inline);
        options.Schema.For<SecurityGroups.SecurityGroup>().Index(x => x.TenantId);

        // Neutron's view of the floating IPs: a second projection of nova's floating IP streams.
        options.Projections.Snapshot<FloatingIps.NeutronFloatingIp>(SnapshotLifecycle.Inline);
        options.Schema.For<FloatingIps.NeutronFloatingIp>().Index(x => x.TenantId);
        return options;
    }
}
