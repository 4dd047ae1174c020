using CloudNet.Admin.Faults;
using CloudNet.Compute.Servers.Building;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Compute.AvailabilityZones;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.QuotaSets;
using CloudNet.Compute.Servers.Metadata;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Compute.FloatingIps;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Quotas;
using CloudNet.Images;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Compute.Servers.Creating;

public sealed record CreateServer(CreateServerBody? Server);

public sealed record CreateServerBody(string? Name, string? ImageRef, string? FlavorRef, JsonElement? Networks,
    Dictionary<string, string>? Metadata,
    [property: JsonPropertyName("key_name")] string? KeyName = null,
    [property: JsonPropertyName("availability_zone")] string? AvailabilityZone = null,
    [property: JsonPropertyName("security_groups")] JsonElement? SecurityGroups = null);

/// <summary><c>POST /servers</c>: the server is ACTIVE at once, with a port and fixed IP(s) on each network.</summary>
public static class CreateServerEndpoint
{
    [WolverinePost("/servers", OperationId = "CreateServer")]
    [Tags("Compute: servers")]
    public static async Task<IResult> Post(CreateServer? command, HttpContext context, Caller caller, IDocumentSession session, QuotaLimits limits,
        ImageCatalog images, FlavorCatalog flavors, IOptions<AvailabilityZoneOptions> zone, DateTimeOffset now, CancellationToken ct)
    {
        var request = ServerRequest.From(command);
        var zoneName = AvailabilityZoneRules.ZoneFor(request.AvailabilityZone, zone.Value);
        if (request.Metadata.Count > 0)
            ServerMetadataRules.WithinQuota(request.Metadata, await limits.ForAsync(session, caller.TenantId, ComputeQuotas.MetadataItems, ct));
        if (request.KeyName is { } keyName && await KeypairLookup.OfUserAsync(session, caller.UserId, keyName, ct) is null)
            throw Rejection.BadRequest("Invalid key_name provided.");
        var serverId = caller.NewId();

        var securityGroups = await ServerSecurityGroups.ResolveAsync(session, request.SecurityGroups, caller, now, ct);
        var allocator = await session.AddressAllocatorAsync(ct);
        var ports = new Dictionary<NetworkRequest, ServerPort>();
        var floatingIps = new List<FloatingIp>();
        // Ports the client made first, in id order (each is locked until commit, so two creates wanting the same two
        // ports cannot wait on each other in a cycle).
        foreach (var wanted in request.Networks.Where(n => n.PortId is not null).OrderBy(n => n.PortId))
        {
            var (port, onPort) = await ServerPorts.TakeAsync(session, wanted.PortId!.Value, serverId, caller, now,
                PortActivation.Of(context), ct);
            if (ports.Values.Any(p => p.NetworkId == port.NetworkId) || request.Networks.Any(n => n.PortId is null && n.NetworkId == port.NetworkId))
                throw Rejection.BadRequest($"Network {port.NetworkId} is requested more than once; a server has one port per network.");
            ports[wanted] = port;
            floatingIps.AddRange(onPort);
        }
        // Allocation row-locks each subnet's cursor until commit: taking them in one global order
        // (by network id) means two creates can never wait on each other in a cycle.
        foreach (var wanted in request.Networks.Where(n => n.PortId is null).OrderBy(n => n.NetworkId))
        {
            var network = await NetworkLookup.ForAddressingAsync(session, wanted.NetworkId, caller, ct)
                ?? throw Rejection.BadRequest($"Network {wanted.NetworkId} could not be found.");
            // A port without an address would leave the network deletable under the server (nova refuses it too).
            if (network.Subnets.Count == 0)
                throw Rejection.BadRequest($"Network {wanted.NetworkId} requires a subnet in order to boot instances on.");
            ports[wanted] = await ServerPorts.CreateAsync(session, allocator, network, serverId, securityGroups.Select(g => g.Id).ToList(), caller,
                wanted.FixedIp, now,
                failure => AddressingRejection(failure, network, wanted), PortActivation.Of(context), ct);
        }
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Port, ports.Values.Where(p => !p.Preserve).Select(p => p.PortId),
            Rejection.Forbidden("Maximum number of ports exceeded", "OverQuota"));

        var created = new ServerCreated(serverId, caller.TenantId, request.Name, request.ImageRefIn(images), request.FlavorRefIn(flavors),
            request.Metadata, request.Networks.Select(n => ports[n]).ToList(), caller.UserId, caller.UserName, now)
        {
            KeyName = request.KeyName,
            AvailabilityZone = zoneName,
            SecurityGroups = securityGroups,
            Build = BuildFault.Of(context) is { } build ? ServerBuild.From(build) : null,
        };
        session.Events.StartStream<Server>(serverId, [created, .. floatingIps.Select(ip =>
            new FloatingIpAddedToServer(serverId, ip.Id, ip.Address, ip.FixedIp!, caller.UserName, now))]);

        var server = Server.Create(created);
        return Results.Json(new
        {
            server = new Dictionary<string, object?>
            {
                ["id"] = server.Id,
                ["links"] = ServerJson.Links(server, context.Request),
                ["adminPass"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)),
                ["OS-DCF:diskConfig"] = "MANUAL",
                ["security_groups"] = ServerJson.SecurityGroups(server),
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
