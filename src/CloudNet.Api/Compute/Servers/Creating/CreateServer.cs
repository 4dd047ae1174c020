using System.Security.Cryptography;
using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Servers.Creating;

public sealed record CreateServer(CreateServerBody? Server);

public sealed record CreateServerBody(string? Name, string? ImageRef, string? FlavorRef, JsonElement? Networks,
    Dictionary<string, string>? Metadata);

/// <summary><c>POST /servers</c>: the server is ACTIVE at once, with a port and fixed IP(s) on each network.</summary>
public static class CreateServerEndpoint
{
    [WolverinePost("/servers", OperationId = "CreateServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Post(CreateServer? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var request = ServerRequest.From(command);
        var ct = context.RequestAborted;
        var serverId = Guid.CreateVersion7();

        var allocator = await session.AddressAllocatorAsync(ct);
        var ports = new Dictionary<Guid, ServerPort>();
        // Allocation row-locks each subnet's cursor until commit: taking them in one global order
        // (by network id) means two creates can never wait on each other in a cycle.
        foreach (var wanted in request.Networks.OrderBy(n => n.NetworkId))
        {
            var network = await NetworkLookup.ForAddressingAsync(session, wanted.NetworkId, caller, ct)
                ?? throw Rejection.BadRequest($"Network {wanted.NetworkId} could not be found.");
            // A port without an address would leave the network deletable under the server (nova refuses it too).
            if (network.Subnets.Count == 0)
                throw Rejection.BadRequest($"Network {wanted.NetworkId} requires a subnet in order to boot instances on.");
            var portId = Guid.CreateVersion7();
            var addresses = await NetworkAddressing.AllocateAsync(session, allocator, network,
                new AddressHolder(portId, AddressHolder.ServerPort, serverId), caller, wanted.FixedIp, now, ct);
            if (!addresses.Succeeded) throw AddressingRejection(addresses, network, wanted);
            ports[wanted.NetworkId] = new ServerPort(portId, network.NetworkId, network.Label, await MacAddresses.NextAsync(session, ct), addresses.FixedIps);
        }

        var created = new ServerCreated(serverId, caller.TenantId, request.Name, request.ImageRef, request.FlavorRef,
            request.Metadata, request.Networks.Select(n => ports[n.NetworkId]).ToList(), caller.UserId, caller.UserName, now);
        session.Events.StartStream<Server>(serverId, created);

        var server = Server.Create(created);
        return Results.Json(new
        {
            server = new Dictionary<string, object?>
            {
                ["id"] = server.Id,
                ["links"] = ServerJson.Links(server, context.Request),
                ["adminPass"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)),
                ["OS-DCF:diskConfig"] = "MANUAL",
                ["security_groups"] = new[] { new { name = "default" } },
            },
        }, statusCode: 202);
    }

    static Rejection AddressingRejection(NetworkAddresses failure, Network network, NetworkRequest wanted) => failure.Outcome switch
    {
        AllocationOutcome.Exhausted => Rejection.Conflict($"No more IP addresses available on network {network.NetworkId}.", "IpAddressGenerationFailure"),
        AllocationOutcome.InUse => Rejection.BadRequest($"Fixed IP address {wanted.FixedIp} is already in use.", "IpAddressInUse"),
        _ => Rejection.BadRequest($"Fixed IP address {wanted.FixedIp} is not a usable address of network {network.NetworkId}."),
    };
}
