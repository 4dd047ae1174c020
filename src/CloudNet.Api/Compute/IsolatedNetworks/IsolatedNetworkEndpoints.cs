using CloudNet.Compute.Limits;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.IsolatedNetworks;

public sealed record CreateIsolatedNetwork(CreateIsolatedNetworkBody? Network);

public sealed record CreateIsolatedNetworkBody(string? Cidr, string? Label);

/// <summary>
/// Rackspace Cloud Servers' isolated networks, <c>/os-networksv2</c>: the same network streams and snapshots
/// that <c>/v2.0/networks</c> shows, in the compute family's shape and errors.
/// </summary>
public static class IsolatedNetworkEndpoints
{
    /// <summary>200 and the network; 400 for a bad body; 403 <c>forbidden</c> past <c>maxTotalPrivateNetworks</c>
    /// when limits are switched on (checked after the body, so a bad body is a 400 either way).</summary>
    [WolverinePost("/os-networksv2", OperationId = "CreateIsolatedNetwork")]
    [Tags("Compute: isolated networks")]
    public static async Task<IResult> Create(CreateIsolatedNetwork? command, Caller caller, IDocumentSession session, AccountLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = command?.Network ?? throw Rejection.BadRequest("Invalid input: a network with cidr and label is required.");
        var id = caller.NewId();
        var created = NetworkRules.Create(id, body.Label ?? "", caller, now, "label");
        var subnet = SubnetRules.Create(Network.Create(created), caller.NewId(), body.Cidr, null, new SubnetChanges(Name: body.Label),
            caller, now);
        await PrivateNetworkLimit.EnsureRoomAsync(session, limits, caller.TenantId, ct);
        session.Events.StartStream<Network>(NetworkKeys.StreamId(id), created, subnet);
        return Results.Json(new { network = IsolatedNetworkJson.From(Network.Create(created).Apply(subnet)) });
    }

    /// <summary>PublicNet and ServiceNet first, then the caller's networks, oldest first.</summary>
    [WolverineGet("/os-networksv2", OperationId = "ListIsolatedNetworks")]
    [Tags("Compute: isolated networks")]
    public static async Task<IResult> List(Caller caller, IQuerySession session, CancellationToken ct)
    {
        var networks = await NetworkLookup.AllVisibleAsync(session, caller, ct);
        // OrderBy is stable: after PublicNet and ServiceNet, the tenant's stay oldest first.
        var ordered = networks.OrderBy(n => n.NetworkId == WellKnownNetworks.PublicNet ? 0 : n.NetworkId == WellKnownNetworks.ServiceNet ? 1 : 2);
        return Results.Json(new { networks = ordered.Select(IsolatedNetworkJson.From) });
    }

    [WolverineGet("/os-networksv2/{networkId}", OperationId = "ShowIsolatedNetwork")]
    [Tags("Compute: isolated networks")]
    public static async Task<IResult> Show(string networkId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var network = Guid.TryParse(networkId, out var id)
            ? await NetworkLookup.VisibleAsync(session, id, caller, ct)
            : null;
        return network is null ? throw IsolatedNetworkJson.NotFound(networkId) : Results.Json(new { network = IsolatedNetworkJson.From(network) });
    }

    /// <summary>202; 409 while an address is held on it (an interface or a server's port).</summary>
    [WolverineDelete("/os-networksv2/{networkId}", OperationId = "DeleteIsolatedNetwork")]
    [Tags("Compute: isolated networks")]
    public static async Task<IResult> Delete(string networkId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(networkId, out var id)) throw IsolatedNetworkJson.NotFound(networkId);
        return await NetworkRemoval.RemoveAsync(session, id, caller, now, ct) switch
        {
            RemovalOutcome.Removed => Results.StatusCode(202),
            RemovalOutcome.NotOwned => throw Rejection.Forbidden($"Network {networkId} is shared by every tenant and cannot be deleted."),
            RemovalOutcome.InUse => throw Rejection.Conflict($"Network {networkId} is in use: detach its virtual interfaces and servers first."),
            _ => throw IsolatedNetworkJson.NotFound(networkId),
        };
    }
}
