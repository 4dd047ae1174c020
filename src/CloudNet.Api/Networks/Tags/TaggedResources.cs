using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.Tags;

/// <summary>A resource's tags as they are, and how to record new ones in its stream (the caller's name and the time given).</summary>
public sealed record TaggedResource(IReadOnlyList<string> Tags, Action<IReadOnlyList<string>, string, DateTimeOffset> Record);

/// <summary>
/// The resources that carry tags, by the collection name of the tag routes (<c>/v2.0/{collection}/{id}/tags</c>): what the
/// caller may see (another tenant's answers as a missing one), and, for a change, what the caller owns, fetched for writing
/// so that two tag changes at once cannot both commit.
/// </summary>
public static class TaggedResources
{
    public static readonly string[] Collections = ["networks", "subnets", "ports", "floatingips", "routers", "security-groups"];

    public static async Task<IReadOnlyList<string>> TagsAsync(IQuerySession session, FloatingIpPools pools, string collection, string id,
        Caller caller, CancellationToken ct)
    {
        switch (collection)
        {
            case "networks":
                if (pools.ByNetworkId(id) is not null) return [];
                return (Guid.TryParse(id, out var networkId) ? await NetworkLookup.VisibleAsync(session, networkId, caller, ct) : null)?.Tags
                    ?? throw NetworkLookup.NotFound(id);
            case "subnets":
                if (pools.BySubnetId(id) is not null) return [];
                return (await SubnetLookup.VisibleAsync(session, id, caller, ct)).Subnet.Tags;
            case "ports":
                return (await Ports.PortLookup.VisibleAsync(session, id, caller, ct)).Tags;
            case "floatingips":
                return (await NeutronFloatingIpLookup.VisibleAsync(session, id, caller, ct)).Tags;
            case "routers":
                return (await Routers.RouterLookup.VisibleAsync(session, id, caller, ct)).Tags;
            case "security-groups":
                return (await SecurityGroups.SecurityGroupLookup.VisibleAsync(session, id, caller, ct)).Tags;
            default:
                throw UnknownCollection(collection);
        }
    }

    public static async Task<TaggedResource> ForWritingAsync(IDocumentSession session, FloatingIpPools pools, string collection, string id,
        Caller caller, CancellationToken ct)
    {
        switch (collection)
        {
            case "networks":
            {
                if (pools.ByNetworkId(id) is not null) throw ExternalNetworkRules.NotChangeable(id);
                if (!Guid.TryParse(id, out var networkId)) throw NetworkLookup.NotFound(id);
                var (network, stream) = await NetworkForWritingAsync(session, networkId, caller, ct) ?? throw NetworkLookup.NotFound(id);
                return new(network.Tags, (tags, by, at) => stream.AppendOne(new NetworkTagsReplaced(network.NetworkId, tags, by, at)));
            }
            case "subnets":
            {
                if (pools.BySubnetId(id) is { } pool) throw ExternalNetworkRules.NotChangeable(pool.NetworkId.ToString());
                var (found, subnet) = await SubnetLookup.VisibleAsync(session, id, caller, ct);
                var (network, stream) = await NetworkForWritingAsync(session, found.NetworkId, caller, ct) ?? throw SubnetLookup.NotFound(id);
                var current = network.Subnets.FirstOrDefault(s => s.Id == subnet.Id) ?? throw SubnetLookup.NotFound(id);
                return new(current.Tags, (tags, by, at) => stream.AppendOne(new SubnetTagsReplaced(network.NetworkId, current.Id, tags, by, at)));
            }
            case "ports":
            {
                var (port, stream) = await Ports.PortLookup.ForWritingAsync(session, id, caller, ct);
                return new(port.Tags, (tags, by, at) => stream.AppendOne(new PortTagsReplaced(port.Id, tags, by, at)));
            }
            case "floatingips":
            {
                var (ip, stream, view) = await NeutronFloatingIpLookup.ForWritingAsync(session, id, caller, ct);
                return new(view.Tags, (tags, by, at) => stream.AppendOne(new FloatingIpTagsReplaced(ip.Id, tags, by, at)));
            }
            case "routers":
            {
                var (router, stream) = await Routers.RouterLookup.ForExclusiveWritingAsync(session, id, caller, ct);
                return new(router.Tags, (tags, by, at) => stream.AppendOne(new RouterTagsReplaced(router.Id, tags, by, at)));
            }
            case "security-groups":
            {
                var (group, stream) = await SecurityGroups.SecurityGroupLookup.ForWritingAsync(session, id, caller, ct);
                return new(group.Tags, (tags, by, at) => stream.AppendOne(new SecurityGroupTagsReplaced(group.Id, tags, by, at)));
            }
            default:
                throw UnknownCollection(collection);
        }
    }

    /// <summary>The caller's own network (a shared one is the operator's to tag), under the exclusive lock a subnet change
    /// takes: no allocation on the network is in flight while its tags change.</summary>
    static async Task<(Network Network, IEventStream<Network> Stream)?> NetworkForWritingAsync(IDocumentSession session, Guid networkId,
        Caller caller, CancellationToken ct)
    {
        var seen = await NetworkLookup.VisibleAsync(session, networkId, caller, ct);
        if (seen is null) return null;
        if (seen.TenantId != caller.TenantId && !caller.IsAdmin)
            throw Rejection.Forbidden($"(rule:update_network) is disallowed by policy: network {networkId} is not project {caller.TenantId}'s.",
                "PolicyNotAuthorized");
        await NetworkLocks.ExclusiveAsync(session, networkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(NetworkKeys.StreamId(networkId), ct);
        return stream.Aggregate.Is(networkId) is { } network ? (network, stream) : null;
    }

    static Rejection UnknownCollection(string collection) =>
        Rejection.NotFound($"The resource could not be found: tags are kept on {string.Join(", ", Collections)}, not on {collection}.", "NotFound");
}
