using System.Diagnostics.Metrics;
using CloudNet.Errors;
using CloudNet.Ipam;

namespace CloudNet.Observability;

/// <summary>
/// The service's own instruments (meter <c>CloudNet</c>), counted at the two places every allocation and every refusal
/// pass: the IPAM allocator and the one place an error becomes a response. With nothing listening (metrics off) an
/// <c>Add</c> is a check of one field.
/// </summary>
public static class CloudNetMetrics
{
    public const string MeterName = "CloudNet";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Allocations = Meter.CreateCounter<long>("cloudnet.ipam.allocations", "{allocation}",
        "Address allocations asked of IPAM, by API family, kind of scope (pool or subnet) and outcome.");

    static readonly Counter<long> Refusals = Meter.CreateCounter<long>("cloudnet.requests.refused", "{request}",
        "Requests answered with an error, by API family and reason (over_quota, exhausted, in_use, over_limit, or the status).");

    public static void Allocation(string scope, AllocationOutcome outcome)
    {
        if (!Allocations.Enabled) return;
        Allocations.Add(1,
            new KeyValuePair<string, object?>("family", RequestTelemetry.Family),
            new KeyValuePair<string, object?>("scope_kind", scope.StartsWith("pool:", StringComparison.Ordinal) ? "pool" : "subnet"),
            new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
    }

    public static void Refusal(ApiFamily family, ApiError error)
    {
        if (!Refusals.Enabled) return;
        Refusals.Add(1,
            new KeyValuePair<string, object?>("family", RequestTelemetry.Name(family)),
            new KeyValuePair<string, object?>("reason", RefusalReasons.Of(error)));
    }

    public static string OutcomeName(AllocationOutcome outcome) => outcome switch
    {
        AllocationOutcome.Allocated => "allocated",
        AllocationOutcome.Exhausted => "exhausted",
        AllocationOutcome.InUse => "in_use",
        AllocationOutcome.OutsideBlock => "outside_block",
        _ => "reserved",
    };
}
