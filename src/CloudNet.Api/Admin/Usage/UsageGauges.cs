using System.Diagnostics.Metrics;
using CloudNet.Compute.FloatingIps.Pools;
using Marten;

namespace CloudNet.Admin.Usage;

/// <summary>
/// Addresses held, free and in all per pool and subnet as gauges. They are read from the database just before each
/// scrape of <c>/metrics</c> (<see cref="RefreshAsync"/>), not on a timer: nothing is asked of PostgreSQL when nobody
/// looks, and a scrape always shows the counts of that moment.
/// </summary>
public sealed class UsageGauges
{
    IReadOnlyList<ScopeUsage> latest = [];

    public UsageGauges(IMeterFactory meters)
    {
        var meter = meters.Create(Observability.CloudNetMetrics.MeterName);
        meter.CreateObservableGauge("cloudnet.addresses.held", () => Measure(u => u.Held), "{address}",
            "Addresses held now, per floating IP pool and subnet.");
        meter.CreateObservableGauge("cloudnet.addresses.free", () => Measure(u => u.Free), "{address}",
            "Addresses free now, per floating IP pool and subnet.");
        meter.CreateObservableGauge("cloudnet.addresses.size", () => Measure(u => u.Size), "{address}",
            "Usable addresses per floating IP pool and subnet (network, broadcast and gateway excluded).");
    }

    public async Task RefreshAsync(IDocumentStore store, FloatingIpPools pools, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        latest = await AddressUsage.ReadAsync(session, pools, ct);
    }

    IEnumerable<Measurement<double>> Measure(Func<ScopeUsage, double> value) => latest.Select(u => new Measurement<double>(value(u),
        new KeyValuePair<string, object?>("scope_kind", u.Kind),
        new KeyValuePair<string, object?>("scope", u.Name),
        new KeyValuePair<string, object?>("network_id", u.NetworkId.ToString()),
        new KeyValuePair<string, object?>("cidr", u.Cidr)));
}
