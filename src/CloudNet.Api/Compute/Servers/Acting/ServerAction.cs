using CloudNet.History.Metadata;
using System.Text.Json.Serialization;
using CloudNet.Compute.FloatingIps.Associating;
using CloudNet.Compute.FloatingIps.Disassociating;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Acting;

/// <summary>Nova's action body holds exactly one action, named by its key.</summary>
public sealed record ServerAction(
    [property: JsonPropertyName("addFloatingIp")] AddFloatingIp? AddFloatingIp,
    [property: JsonPropertyName("removeFloatingIp")] RemoveFloatingIp? RemoveFloatingIp);

/// <summary><c>POST /servers/{id}/action</c>: dispatches to the use case the body names.</summary>
public static class ServerActionEndpoint
{
    [WolverinePost("/servers/{serverId}/action", OperationId = "ServerAction")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Post(string serverId, ServerAction action, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        switch (action)
        {
            // The action, not the route, is the command history names (see CommandMetadata).
            case { AddFloatingIp: { } add, RemoveFloatingIp: null }:
                CommandMetadata.Name(session, "addFloatingIp");
                await AddFloatingIpAction.ExecuteAsync(serverId, add, caller, session, now, ct);
                break;
            case { RemoveFloatingIp: { } remove, AddFloatingIp: null }:
                CommandMetadata.Name(session, "removeFloatingIp");
                await RemoveFloatingIpAction.ExecuteAsync(serverId, remove, caller, session, now, ct);
                break;
            default:
                throw Rejection.BadRequest("The action body must hold exactly one supported action: addFloatingIp or removeFloatingIp.");
        }
        return Results.StatusCode(202);
    }
}
