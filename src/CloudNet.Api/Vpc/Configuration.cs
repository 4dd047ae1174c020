using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.PublicIps;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Vpc;

public static class Configuration
{
    public static IServiceCollection AddVpcFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublicIpOptions>(options => configuration.GetSection("PublicIpTypes").Bind(options.Types));
        services.AddSingleton<PublicIpTypes>();
        return services;
    }

    public static StoreOptions ConfigureVpc(this StoreOptions options)
    {
        options.Projections.Snapshot<PrivateIp>(SnapshotLifecycle.Inline);
        options.Schema.For<PrivateIp>().Index(x => x.TenantId).Index(x => x.NetworkId);

        options.Projections.Snapshot<Vpcs.Vpc>(SnapshotLifecycle.Inline);
        options.Schema.For<Vpcs.Vpc>().Index(x => x.TenantId);

        // Huawei's view of the floating IPs (EIPs): a third projection of nova's floating IP streams, beside Neutron's.
        options.Projections.Snapshot<PublicIp>(SnapshotLifecycle.Inline);
        options.Schema.For<PublicIp>().Index(x => x.TenantId);
        return options;
    }
}
