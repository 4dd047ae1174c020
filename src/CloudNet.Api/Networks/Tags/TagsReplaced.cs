namespace CloudNet.Networks;

/// <summary>
/// A Neutron resource's tags are now <see cref="Tags"/> (<c>standard-attr-tag</c>): appended to the resource's own stream
/// (a subnet's is its network's, so <see cref="ResourceId"/> says which). Every tag operation, adding one, removing one or
/// replacing all, records the whole set it leaves.
/// </summary>
public sealed record TagsReplaced(Guid ResourceId, IReadOnlyList<string> Tags, string By, DateTimeOffset At);
