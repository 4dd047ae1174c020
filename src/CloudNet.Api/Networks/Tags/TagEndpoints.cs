using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Tags;

public sealed record TagList(IReadOnlyList<string?>? Tags);

/// <summary>
/// Neutron's tag routes (<c>standard-attr-tag</c>) on networks, subnets, ports, floating IPs, routers and security groups:
/// <c>GET</c>, <c>PUT</c> (replace all), <c>POST</c> (add several) and <c>DELETE</c> (remove all) on <c>…/tags</c>, and
/// <c>GET</c> (204 or 404), <c>PUT</c> (201) and <c>DELETE</c> (204) on <c>…/tags/{tag}</c>. Each change is one event in
/// the resource's stream, with the whole set it leaves.
/// </summary>
public static class TagEndpoints
{
    const string Collection = "/v2.0/{collection}/{resourceId}/tags";
    const string One = "/v2.0/{collection}/{resourceId}/tags/{tag}";

    [WolverineGet(Collection, OperationId = "ListTags")]
    [Tags("Networks: tags")]
    public static async Task<IResult> List(string collection, string resourceId, Caller caller, IQuerySession session, FloatingIpPools pools,
        CancellationToken ct) =>
        Results.Json(new { tags = await TaggedResources.TagsAsync(session, pools, collection, resourceId, caller, ct) });

    [WolverineGet(One, OperationId = "ShowTag")]
    [Tags("Networks: tags")]
    public static async Task<IResult> Show(string collection, string resourceId, string tag, Caller caller, IQuerySession session,
        FloatingIpPools pools, CancellationToken ct) =>
        (await TaggedResources.TagsAsync(session, pools, collection, resourceId, caller, ct)).Contains(tag)
            ? Results.NoContent()
            : throw TagRules.NotFound(tag);

    [WolverinePut(Collection, OperationId = "ReplaceTags")]
    [Tags("Networks: tags")]
    public static async Task<IResult> Replace(string collection, string resourceId, TagList? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now)
    {
        var tags = TagRules.Valid(command?.Tags);
        await ChangeAsync(session, pools, collection, resourceId, caller, ct, now, _ => tags);
        return Results.Json(new { tags });
    }

    [WolverinePost(Collection, OperationId = "AddTags")]
    [Tags("Networks: tags")]
    public static async Task<IResult> AddMany(string collection, string resourceId, TagList? command, Caller caller, CancellationToken ct,
        IDocumentSession session, FloatingIpPools pools, DateTimeOffset now)
    {
        var added = TagRules.Valid(command?.Tags);
        var tags = await ChangeAsync(session, pools, collection, resourceId, caller, ct, now, current => TagRules.Add(current, added));
        return Results.Json(new { tags });
    }

    [WolverineDelete(Collection, OperationId = "RemoveAllTags")]
    [Tags("Networks: tags")]
    public static async Task<IResult> RemoveAll(string collection, string resourceId, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        await ChangeAsync(session, pools, collection, resourceId, caller, ct, now, _ => []);
        return Results.NoContent();
    }

    [WolverinePut(One, OperationId = "AddTag")]
    [Tags("Networks: tags")]
    public static async Task<IResult> Add(string collection, string resourceId, string tag, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        TagRules.Valid(tag);
        await ChangeAsync(session, pools, collection, resourceId, caller, ct, now, current => TagRules.Add(current, [tag]));
        return Results.StatusCode(201);
    }

    [WolverineDelete(One, OperationId = "RemoveTag")]
    [Tags("Networks: tags")]
    public static async Task<IResult> Remove(string collection, string resourceId, string tag, Caller caller, CancellationToken ct, IDocumentSession session,
        FloatingIpPools pools, DateTimeOffset now)
    {
        await ChangeAsync(session, pools, collection, resourceId, caller, ct, now, current => TagRules.Remove(current, tag));
        return Results.NoContent();
    }

    /// <summary>Records the new set unless it is the set already there (an add of a tag it has, say).</summary>
    static async Task<IReadOnlyList<string>> ChangeAsync(IDocumentSession session, FloatingIpPools pools, string collection, string resourceId,
        Caller caller, CancellationToken ct, DateTimeOffset now, Func<IReadOnlyList<string>, IReadOnlyList<string>> change)
    {
        var resource = await TaggedResources.ForWritingAsync(session, pools, collection, resourceId, caller, ct);
        var tags = change(resource.Tags);
        if (!tags.SequenceEqual(resource.Tags)) resource.Record(tags, caller.UserName, now);
        return tags;
    }
}
