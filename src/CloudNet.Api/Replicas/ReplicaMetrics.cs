using System.Diagnostics.Metrics;
using CloudNet.Observability;

namespace CloudNet.Replicas;

/// <summary><c>cloudnet.replica.reads</c>: every routed read, by where it was answered (<see cref="ReadOutcome"/>).</summary>
public static class ReplicaMetrics
{
    static readonly Meter Meter = new(CloudNetMetrics.MeterName);

    static readonly Counter<long> Reads = Meter.CreateCounter<long>("cloudnet.replica.reads", "{read}",
        "Reads routed by the read replicas: outcome standby (no wait), standby-after-wait, primary-after-wait (the standby had not replayed the caller's last write within the bound) or primary (no standby answered).");

    public static void Read(ReadOutcome outcome)
    {
        if (!Reads.Enabled) return;
        Reads.Add(1, new KeyValuePair<string, object?>("outcome", ReadRoute.NameOf(outcome)));
    }
}
