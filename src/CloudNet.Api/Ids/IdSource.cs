namespace CloudNet.Ids;

/// <summary>
/// Where the ids of what one request makes come from, and its MAC addresses. An ordinary tenant's are
/// <see cref="TimeOrderedIds"/>: version 7 UUIDs that only grow, so a list in id order is in the order things were made. A
/// seeded tenant's (<c>POST /_cloudnet/tenants</c> with a <c>seed</c>) are <see cref="SeededIds"/>: derived from the seed and
/// the number of the tenant's write request, so the same requests give the same ids in any deployment; and so is the instant
/// the request's events and answer carry (<see cref="Now"/>). The caller of a
/// request carries its source (<c>Caller.NewId()</c>): every place that makes an id asks the same one.
/// </summary>
public abstract class IdSource
{
    /// <summary>The source of every tenant without a seed (and of the admin's and the command line's own work).</summary>
    public static IdSource TimeOrdered => TimeOrderedIds.Shared;

    public abstract Guid Next();

    /// <summary>The next MAC address of a seeded tenant; null: the deployment's MAC sequence gives it.</summary>
    public virtual string? NextMac() => null;

    /// <summary>The instant of the request on a seeded tenant's logical clock; null: the wall clock's.</summary>
    public virtual DateTimeOffset? Now => null;
}
