using CloudNet.Vpc.PrivateIps;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Vpc;

public static class Configuration
{
    public static StoreOptions ConfigureVpc(this StoreOptions options)
    {
        options.Projections.Snapshot<PrivateIp>(SnapshotLifecycle.Inline);
        options.Schema.For<PrivateIp>().Index(x => x.TenantId).Index(x => x.NetworkId)
            // A second live private IP with the same address in one network cannot be stored, whatever the code above does
            // (as for floating IPs; the lease table and address_holdings refuse it as well).
            .UniqueIndex(x => x.NetworkId, x => x.Address);

        options.Projections.Snapshot<Vpcs.Vpc>(SnapshotLifecycle.Inline);
        options.Schema.For<Vpcs.Vpc>().Index(x => x.TenantId);
        return options;
    }
}
