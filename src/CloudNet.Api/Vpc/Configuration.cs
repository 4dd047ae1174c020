using CloudNet.Vpc.PrivateIps;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Vpc;

public static class Configuration
{
    public static StoreOptions ConfigureVpc(this StoreOptions options)
    {
        options.Projections.Snapshot<PrivateIp>(SnapshotLifecycle.Inline);
        options.Schema.For<PrivateIp>().Index(x => x.TenantId).Index(x => x.NetworkId);

        options.Projections.Snapshot<Vpcs.Vpc>(SnapshotLifecycle.Inline);
        options.Schema.For<Vpcs.Vpc>().Index(x => x.TenantId);
        return options;
    }
}
