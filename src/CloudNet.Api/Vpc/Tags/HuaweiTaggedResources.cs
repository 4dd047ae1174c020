using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Networks.Tags;
using CloudNet.Vpc.Subnets;
using CloudNet.Vpc.Vpcs;
using Marten;

namespace CloudNet.Vpc.Tags;

/// <summary>A resource Huawei's tag routes reach: its id and name, its tags, and how to record new ones in its stream.</summary>
public sealed record HuaweiTagged(Guid Id, IReadOnlyList<ResourceTag> Tags, Action<IReadOnlyList<ResourceTag>, string, DateTimeOffset> Record);

/// <summary>A tagged resource as the project-wide tag routes list it.</summary>
public sealed record TaggedView(Guid Id, string Name, IReadOnlyList<ResourceTag> Tags);

/// <summary>
/// What Huawei's tag routes tag: VPCs (tags in the VPC's stream), subnets and security groups, whose tags are their network's and
/// their group's Neutron tags (<see cref="ResourceTags"/> maps one onto the other), recorded as Neutron records them. Another
/// project's resource answers as a missing one.
/// </summary>
public static class HuaweiTaggedResources
{
    public const string Vpcs = "vpcs";
    public const string Subnets = "subnets";
    public const string SecurityGroups = "security-groups";

    public static async Task<HuaweiTagged> ForWritingAsync(IDocumentSession session, FloatingIpPools pools, string collection, string id,
        Caller caller, CancellationToken ct)
    {
        if (collection == Vpcs)
        {
            var (vpc, stream) = await VpcLookup.ForWritingAsync(session, id, caller, ct);
            return new(vpc.Id, vpc.Tags, (tags, by, at) => stream.AppendOne(new VpcTagsReplaced(vpc.Id, tags, by, at)));
        }
        if (collection == SecurityGroups)
        {
            var group = await InHuaweiTerms(id, () => TaggedResources.ForWritingAsync(session, pools, SecurityGroups, id, caller, ct));
            return new(Guid.Parse(id), group.Tags.Select(ResourceTags.FromNeutron).ToList(),
                (tags, by, at) => group.Record(tags.Select(ResourceTags.ToNeutron).ToList(), by, at));
        }
        var network = await VpcSubnetLookup.OwnAsync(session, id, caller, ct, SubnetNotFound);
        var neutron = await TaggedResources.ForWritingAsync(session, pools, "networks", network.NetworkId.ToString(), caller, ct);
        return new(network.NetworkId, neutron.Tags.Select(ResourceTags.FromNeutron).ToList(),
            (tags, by, at) => neutron.Record(tags.Select(ResourceTags.ToNeutron).ToList(), by, at));
    }

    public static async Task<IReadOnlyList<ResourceTag>> TagsAsync(IQuerySession session, string collection, string id, Caller caller,
        CancellationToken ct) => collection switch
    {
        Vpcs => VpcRules.Visible(Guid.TryParse(id, out var vpcId) ? await session.LoadAsync<Vpc.Vpcs.Vpc>(vpcId, ct) : null, id, caller).Tags,
        SecurityGroups => (await InHuaweiTerms(id, () => SecurityGroupLookup.VisibleAsync(session, id, caller, ct))).Tags
            .Select(ResourceTags.FromNeutron).ToList(),
        _ => (await VpcSubnetLookup.OwnAsync(session, id, caller, ct, SubnetNotFound)).Tags.Select(ResourceTags.FromNeutron).ToList(),
    };

    /// <summary>Every resource of the collection the caller owns, with its tags, by id.</summary>
    public static async Task<IReadOnlyList<TaggedView>> AllAsync(IQuerySession session, string collection, Caller caller, CancellationToken ct)
    {
        if (collection == Vpcs)
        {
            var tenant = caller.TenantId;
            var vpcs = await session.Query<Vpc.Vpcs.Vpc>().Where(v => v.TenantId == tenant).OrderBy(v => v.Id).ToListAsync(ct);
            return vpcs.Select(v => new TaggedView(v.Id, v.Name, v.Tags)).ToList();
        }
        if (collection == SecurityGroups)
        {
            var groups = await Vpc.SecurityGroups.HuaweiSecurityGroupLookup.GroupsAsync(session, caller, ct);
            return groups.Select(g => new TaggedView(g.Id, g.Name, g.Tags.Select(ResourceTags.FromNeutron).ToList())).ToList();
        }
        return (await VpcSubnetLookup.AllOwnAsync(session, caller, ct))
            .Select(n => new TaggedView(n.NetworkId, n.Label, n.Tags.Select(ResourceTags.FromNeutron).ToList())).ToList();
    }

    /// <summary>A group that is not the caller's is Huawei's <c>VPC.0603</c>, as the group routes answer.</summary>
    static async Task<T> InHuaweiTerms<T>(string id, Func<Task<T>> lookup)
    {
        try
        {
            return await lookup();
        }
        catch (Errors.Rejection e) when (e.Code == "SecurityGroupNotFound")
        {
            throw Vpc.SecurityGroups.HuaweiSecurityGroupErrors.NotFound(id);
        }
    }

    /// <summary>The tag routes' 404 for a subnet (the error codes' "Resource tags" module).</summary>
    static Errors.Rejection SubnetNotFound(string id) => Errors.Rejection.NotFound($"Query subnet by id fail: subnet {id} does not exist.", "VPC.2204");
}
