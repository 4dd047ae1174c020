using CloudNet.Compute.QuotaSets;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Metadata;

public sealed record ServerMetadataBody(Dictionary<string, string>? Metadata);

public sealed record ServerMetadataItemBody(Dictionary<string, string>? Meta);

/// <summary>
/// nova's server metadata: <c>GET</c>, <c>PUT</c> (replace all) and <c>POST</c> (merge) on <c>/servers/{id}/metadata</c>,
/// each answering the whole set; <c>GET</c>, <c>PUT</c> and <c>DELETE</c> (204) on <c>…/metadata/{key}</c>. A change is one
/// event in the server's stream with the whole set it leaves; a request that changes nothing writes none.
/// </summary>
public static class ServerMetadataEndpoints
{
    const string All = "/servers/{serverId}/metadata";
    const string One = "/servers/{serverId}/metadata/{key}";

    [WolverineGet(All, OperationId = "ListServerMetadata")]
    [Tags("Compute: servers")]
    public static async Task<IResult> List(string serverId, Caller caller, IQuerySession session, CancellationToken ct) =>
        Results.Json(new { metadata = (await ServerLookup.VisibleAsync(session, serverId, caller, ct)).Metadata });

    [WolverineGet(One, OperationId = "ShowServerMetadataItem")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Show(string serverId, string key, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        return server.Metadata.TryGetValue(key, out var value)
            ? Results.Json(new { meta = new Dictionary<string, string> { [key] = value } })
            : throw ServerMetadataRules.ItemNotFound();
    }

    [WolverinePut(All, OperationId = "ReplaceServerMetadata")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Replace(string serverId, ServerMetadataBody? command, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var given = ServerMetadataRules.Valid(command?.Metadata ?? throw ServerMetadataRules.Required("metadata"));
        return Results.Json(new { metadata = await ChangeAsync(serverId, caller, session, limits, now, ct, _ => given) });
    }

    [WolverinePost(All, OperationId = "UpdateServerMetadata")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Update(string serverId, ServerMetadataBody? command, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var given = ServerMetadataRules.Valid(command?.Metadata ?? throw ServerMetadataRules.Required("metadata"));
        return Results.Json(new { metadata = await ChangeAsync(serverId, caller, session, limits, now, ct, current => ServerMetadataRules.Merged(current, given)) });
    }

    [WolverinePut(One, OperationId = "SetServerMetadataItem")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Set(string serverId, string key, ServerMetadataItemBody? command, Caller caller,
        IDocumentSession session, QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var item = ServerMetadataRules.Item(key, command?.Meta);
        await ChangeAsync(serverId, caller, session, limits, now, ct, current => ServerMetadataRules.Merged(current, item));
        return Results.Json(new { meta = item });
    }

    [WolverineDelete(One, OperationId = "DeleteServerMetadataItem")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Delete(string serverId, string key, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        await ChangeAsync(serverId, caller, session, limits, now, ct, current => ServerMetadataRules.Without(current, key));
        return Results.NoContent();
    }

    /// <summary>The server's metadata as <paramref name="change"/> leaves it, recorded when it differs. Only a set that grows
    /// can go over the <c>metadata_items</c> quota, so only then is the quota read.</summary>
    static async Task<IReadOnlyDictionary<string, string>> ChangeAsync(string serverId, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> change)
    {
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var metadata = change(server.Metadata);
        if (metadata.Count > server.Metadata.Count)
            ServerMetadataRules.WithinQuota(metadata, await limits.ForAsync(session, caller.TenantId, ComputeQuotas.MetadataItems, ct));
        if (!ServerMetadataRules.Same(metadata, server.Metadata))
            stream.AppendOne(new ServerMetadataChanged(server.Id, metadata, caller.UserName, now));
        return metadata;
    }
}
