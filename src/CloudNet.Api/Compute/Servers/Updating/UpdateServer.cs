using System.Text.Json;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Updating;

public sealed record UpdateServer(Dictionary<string, JsonElement>? Server);

/// <summary>
/// <c>PUT /servers/{id}</c>: renames the server (one event, <see cref="ServerRenamed"/>, when the name changes) and answers
/// 200 with the server as <c>GET</c> shows it. The name is the one attribute of nova's update this service stores.
/// </summary>
public static class UpdateServerEndpoint
{
    [WolverinePut("/servers/{serverId}", OperationId = "UpdateServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Put(string serverId, UpdateServer? command, HttpContext context, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var name = ServerUpdate.NameFrom(command);
        var (server, stream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        if (name is not null && name != server.Name)
        {
            var renamed = new ServerRenamed(server.Id, name, caller.UserName, now);
            stream.AppendOne(renamed);
            server = server.Apply(renamed);
        }
        return Results.Json(new { server = ServerJson.Detail(server, context.Request) });
    }
}
