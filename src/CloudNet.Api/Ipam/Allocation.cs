using System.Net;

namespace CloudNet.Ipam;

public enum AllocationOutcome { Allocated, Exhausted, InUse, OutsideBlock, Reserved }

public readonly record struct Allocation(AllocationOutcome Outcome, IPAddress? Address)
{
    public bool Succeeded => Outcome == AllocationOutcome.Allocated;

    public static Allocation Of(IPAddress address) => new(AllocationOutcome.Allocated, address);
    public static Allocation Failed(AllocationOutcome outcome) => new(outcome, null);
}
