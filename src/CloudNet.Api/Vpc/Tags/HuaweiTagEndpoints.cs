using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Tags;

public sealed record TagBody(string? Key, string? Value);

public sealed record CreateTag(TagBody? Tag);

public sealed record BatchTags(string? Action, List<TagBody?>? Tags);

public sealed record TagValues(string? Key, List<string?>? Values);

public sealed record TagMatch(string? Key, string? Value);

public sealed record FilterByTags(string? Action, int? Limit, int? Offset, List<TagValues?>? Tags, List<TagMatch?>? Matches);

/// <summary>
/// Huawei's tag routes for VPCs, subnets and security groups, as the SDK calls them (<c>/v2.0/{project_id}/vpcs|subnets|security-groups/…</c>): a resource's
/// tags (list, create one, delete one, <c>action</c> create/delete in a batch), the project's tags, and the resources by tag
/// (<c>resource_instances/action</c>, filter or count). Each change is one event in the resource's stream with the whole set it
/// leaves; a subnet's and a security group's tags are their Neutron tags.
/// </summary>
public static class HuaweiTagEndpoints
{
    [WolverineGet("/v2.0/{projectId}/vpcs/{vpcId}/tags", OperationId = "ShowVpcTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ListVpc(string projectId, string vpcId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ListAsync(HuaweiTaggedResources.Vpcs, vpcId, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/vpcs/{vpcId}/tags", OperationId = "CreateVpcTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> CreateVpc(string projectId, string vpcId, CreateTag? command, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now) =>
        CreateAsync(HuaweiTaggedResources.Vpcs, vpcId, command, caller, ct, session, pools, now);

    [WolverineDelete("/v2.0/{projectId}/vpcs/{vpcId}/tags/{key}", OperationId = "DeleteVpcTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> DeleteVpc(string projectId, string vpcId, string key, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now) =>
        DeleteAsync(HuaweiTaggedResources.Vpcs, vpcId, key, caller, ct, session, pools, now);

    [WolverinePost("/v2.0/{projectId}/vpcs/{vpcId}/tags/action", OperationId = "BatchVpcTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> BatchVpc(string projectId, string vpcId, BatchTags? command, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now) =>
        BatchAsync(HuaweiTaggedResources.Vpcs, vpcId, command, caller, ct, session, pools, now);

    [WolverineGet("/v2.0/{projectId}/vpcs/tags", OperationId = "ListVpcTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ProjectVpcTags(string projectId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ProjectTagsAsync(HuaweiTaggedResources.Vpcs, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/vpcs/resource_instances/action", OperationId = "ListVpcsByTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> VpcsByTags(string projectId, FilterByTags? command, Caller caller, CancellationToken ct, IQuerySession session) =>
        ByTagsAsync(HuaweiTaggedResources.Vpcs, command, caller, ct, session);

    [WolverineGet("/v2.0/{projectId}/subnets/{subnetId}/tags", OperationId = "ShowSubnetTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ListSubnet(string projectId, string subnetId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ListAsync(HuaweiTaggedResources.Subnets, subnetId, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/subnets/{subnetId}/tags", OperationId = "CreateSubnetTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> CreateSubnet(string projectId, string subnetId, CreateTag? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now) =>
        CreateAsync(HuaweiTaggedResources.Subnets, subnetId, command, caller, ct, session, pools, now);

    [WolverineDelete("/v2.0/{projectId}/subnets/{subnetId}/tags/{key}", OperationId = "DeleteSubnetTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> DeleteSubnet(string projectId, string subnetId, string key, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now) =>
        DeleteAsync(HuaweiTaggedResources.Subnets, subnetId, key, caller, ct, session, pools, now);

    [WolverinePost("/v2.0/{projectId}/subnets/{subnetId}/tags/action", OperationId = "BatchSubnetTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> BatchSubnet(string projectId, string subnetId, BatchTags? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now) =>
        BatchAsync(HuaweiTaggedResources.Subnets, subnetId, command, caller, ct, session, pools, now);

    [WolverineGet("/v2.0/{projectId}/subnets/tags", OperationId = "ListSubnetTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ProjectSubnetTags(string projectId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ProjectTagsAsync(HuaweiTaggedResources.Subnets, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/subnets/resource_instances/action", OperationId = "ListSubnetsByTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> SubnetsByTags(string projectId, FilterByTags? command, Caller caller, CancellationToken ct, IQuerySession session) =>
        ByTagsAsync(HuaweiTaggedResources.Subnets, command, caller, ct, session);

    [WolverineGet("/v2.0/{projectId}/security-groups/{securityGroupId}/tags", OperationId = "ShowSecurityGroupTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ListSecurityGroup(string projectId, string securityGroupId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ListAsync(HuaweiTaggedResources.SecurityGroups, securityGroupId, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/security-groups/{securityGroupId}/tags", OperationId = "CreateSecurityGroupTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> CreateSecurityGroup(string projectId, string securityGroupId, CreateTag? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now) =>
        CreateAsync(HuaweiTaggedResources.SecurityGroups, securityGroupId, command, caller, ct, session, pools, now);

    [WolverineDelete("/v2.0/{projectId}/security-groups/{securityGroupId}/tags/{key}", OperationId = "DeleteSecurityGroupTag")]
    [Tags("VPC: tags")]
    public static Task<IResult> DeleteSecurityGroup(string projectId, string securityGroupId, string key, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now) =>
        DeleteAsync(HuaweiTaggedResources.SecurityGroups, securityGroupId, key, caller, ct, session, pools, now);

    [WolverinePost("/v2.0/{projectId}/security-groups/{securityGroupId}/tags/action", OperationId = "BatchSecurityGroupTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> BatchSecurityGroup(string projectId, string securityGroupId, BatchTags? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now) =>
        BatchAsync(HuaweiTaggedResources.SecurityGroups, securityGroupId, command, caller, ct, session, pools, now);

    [WolverineGet("/v2.0/{projectId}/security-groups/tags", OperationId = "ListSecurityGroupTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> ProjectSecurityGroupTags(string projectId, Caller caller, CancellationToken ct, IQuerySession session) =>
        ProjectTagsAsync(HuaweiTaggedResources.SecurityGroups, caller, ct, session);

    [WolverinePost("/v2.0/{projectId}/security-groups/resource_instances/action", OperationId = "ListSecurityGroupsByTags")]
    [Tags("VPC: tags")]
    public static Task<IResult> SecurityGroupsByTags(string projectId, FilterByTags? command, Caller caller, CancellationToken ct, IQuerySession session) =>
        ByTagsAsync(HuaweiTaggedResources.SecurityGroups, command, caller, ct, session);

    static async Task<IResult> ListAsync(string collection, string id, Caller caller, CancellationToken ct, IQuerySession session)
    {
        var tags = await HuaweiTaggedResources.TagsAsync(session, collection, id, caller, ct);
        return Results.Json(new { tags = tags.Select(Json) });
    }

    static async Task<IResult> CreateAsync(string collection, string id, CreateTag? command, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        var tag = command?.Tag ?? throw ResourceTags.Invalid("Tag can not be null: {\"tag\":{\"key\",\"value\"}} is required.");
        var added = ResourceTags.Valid(tag.Key, tag.Value);
        await ChangeAsync(collection, id, caller, ct, session, pools, now, current => ResourceTags.Upsert(current, [added]));
        return Results.NoContent();
    }

    static async Task<IResult> DeleteAsync(string collection, string id, string key, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        await ChangeAsync(collection, id, caller, ct, session, pools, now, current => ResourceTags.Remove(current, [key], strict: true));
        return Results.NoContent();
    }

    static async Task<IResult> BatchAsync(string collection, string id, BatchTags? command, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        if (command?.Tags is not { } items || items.Any(t => t is null))
            throw ResourceTags.Invalid("ResourceTagsReq is null or invalid: {\"action\",\"tags\":[{\"key\",\"value\"}]} is required.");
        var tags = ResourceTags.Valid(items.Select(t => (t!.Key, t.Value)));
        Func<IReadOnlyList<ResourceTag>, IReadOnlyList<ResourceTag>> change = command.Action switch
        {
            "create" => current => ResourceTags.Upsert(current, tags),
            "delete" => current => ResourceTags.Remove(current, tags.Select(t => t.Key), strict: false),
            _ => throw ResourceTags.Invalid($"action is invalid: '{command.Action}' is neither create nor delete."),
        };
        await ChangeAsync(collection, id, caller, ct, session, pools, now, change);
        return Results.NoContent();
    }

    static async Task<IResult> ProjectTagsAsync(string collection, Caller caller, CancellationToken ct, IQuerySession session) =>
        Results.Json(new { tags = TagFilter.ProjectTags(await HuaweiTaggedResources.AllAsync(session, collection, caller, ct)) });

    static async Task<IResult> ByTagsAsync(string collection, FilterByTags? command, Caller caller, CancellationToken ct, IQuerySession session)
    {
        if (command is null) throw ResourceTags.Invalid("ResourceInstancesReq is null or invalid.");
        if (command.Action is not ("filter" or "count")) throw ResourceTags.Invalid($"action is invalid: '{command.Action}' is neither filter nor count.");
        if (command.Tags?.Any(t => t is null) == true || command.Matches?.Any(m => m is null) == true)
            throw ResourceTags.Invalid("Tag can not be null.");
        var conditions = TagFilter.Conditions((command.Tags ?? []).Select(t => (t!.Key, (IReadOnlyList<string?>?)t.Values)));
        var name = (command.Matches ?? []).FirstOrDefault(m => m!.Key == "resource_name")?.Value;
        if ((command.Matches ?? []).FirstOrDefault(m => m!.Key != "resource_name") is { } other)
            throw ResourceTags.Invalid($"The key of matches is invalid: '{other.Key}' (only resource_name is).");
        var (limit, offset) = TagFilter.Page(command.Limit, command.Offset);

        var found = TagFilter.Matching(await HuaweiTaggedResources.AllAsync(session, collection, caller, ct),
            conditions, name);
        if (command.Action == "count") return Results.Json(new { total_count = found.Count });
        var resources = found.Skip(offset).Take(limit).Select(r => new
        {
            resource_id = r.Id,
            resource_detail = "",
            tags = r.Tags.Select(Json),
            resource_name = r.Name,
        });
        return Results.Json(new { resources, total_count = found.Count });
    }

    /// <summary>Records the new set unless it is the set there already (deleting a key it lacks, in a batch, say).</summary>
    static async Task ChangeAsync(string collection, string id, Caller caller, CancellationToken ct, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now, Func<IReadOnlyList<ResourceTag>, IReadOnlyList<ResourceTag>> change)
    {
        var resource = await HuaweiTaggedResources.ForWritingAsync(session, pools, collection, id, caller, ct);
        var tags = change(resource.Tags);
        if (!tags.SequenceEqual(resource.Tags)) resource.Record(tags, caller.UserName, now);
    }

    static object Json(ResourceTag tag) => new { key = tag.Key, value = tag.Value };
}
