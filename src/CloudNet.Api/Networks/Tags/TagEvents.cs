namespace CloudNet.Networks;

// Neutron's tags (standard-attr-tag): every tag operation, adding one, removing one or replacing all, records the whole
// set it leaves, in the tagged resource's own stream. One event type per kind of resource: inline snapshots are chosen by
// the event types they apply, so a type shared by two aggregates would make each try to apply the other's.

public sealed record NetworkTagsReplaced(Guid NetworkId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);

/// <summary>A subnet's tags, in its network's stream.</summary>
public sealed record SubnetTagsReplaced(Guid NetworkId, Guid SubnetId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);

public sealed record PortTagsReplaced(Guid PortId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);

public sealed record FloatingIpTagsReplaced(Guid FloatingIpId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);

public sealed record RouterTagsReplaced(Guid RouterId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);

public sealed record SecurityGroupTagsReplaced(Guid SecurityGroupId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);
