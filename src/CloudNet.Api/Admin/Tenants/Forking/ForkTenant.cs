using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Admin.Tenants.Creating;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Keypairs;
using CloudNet.Quotas;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.History;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Tenants.Forking;

/// <summary><c>{"at": "2026-11-26T14:00:00Z"}</c> or <c>{"sequence": 1234}</c> (an event sequence), and an optional name.</summary>
public sealed record ForkTenant(string? At, long? Sequence, string? Name);

/// <summary>
/// <c>POST /_cloudnet/tenants/{tenant}/fork</c>: a new tenant whose resources are the given tenant's as they were at
/// an instant or event sequence — each live resource's stream copied up to that point into a stream of the fork's
/// own (new ids, the fork's tenant, each event's header <c>forked_from</c> naming the original stream and version),
/// so a user can go back to "just before the bug" and try again from there. The fork holds the same addresses; on a
/// shared network or pool where that address has been taken since, it gets another one (listed in <c>readdressed</c>).
/// </summary>
public static class ForkTenantEndpoint
{
    public const string ForkedFromHeader = "forked_from";

    // Not "{tenantId}": Wolverine would take a route argument of that name as the Marten session's tenant.
    [WolverinePost("/_cloudnet/tenants/{tenant}/fork", OperationId = "ForkTenant")]
    [Tags("Admin")]
    public static async Task<IResult> Post(string tenant, ForkTenant? command, Caller caller, IDocumentSession session, AccountDirectory accounts,
        FloatingIpPools pools, DateTimeOffset now, CancellationToken ct)
    {
        var fork = await ForkAsync(session, accounts, pools, tenant, command, caller, now, ct);
        return Results.Json(new
        {
            tenant = TenantJson.From(fork.Tenant),
            credentials = TenantJson.Credentials(fork.Tenant, fork.Credentials),
            fork = new
            {
                from = tenant,
                at = fork.At,
                sequence = fork.Sequence,
                streams = fork.Streams,
                events = fork.Events,
                ids = fork.Rewrite.Ids.ToDictionary(p => p.Key.ToString(), p => p.Value),
                readdressed = fork.Rewrite.Addresses,
            },
        }, statusCode: 201);
    }

    /// <summary>What a fork made.</summary>
    public sealed record Forked(Tenant Tenant, NewCredentials Credentials, DateTimeOffset? At, long Sequence, int Streams, int Events, ForkRewrite Rewrite);

    /// <summary>The fork itself, in the caller's session (the endpoint's transaction, or the command's).</summary>
    public static async Task<Forked> ForkAsync(IDocumentSession session, AccountDirectory accounts, FloatingIpPools pools, string tenant,
        ForkTenant? command, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        await TenantLookup.EnsureKnownAsync(session, accounts, tenant, ct);
        var instant = HistoryQuery.Instant(command?.At);
        if ((instant is null) == (command?.Sequence is null))
            throw Rejection.BadRequest("Give the point to fork at: either at (an ISO 8601 instant) or sequence (an event sequence).", "BadFork");
        var sequence = command!.Sequence ?? await ForkSource.SequenceAtAsync(session, instant!.Value, ct);

        var source = (await ForkSource.ReadAsync(session, tenant, sequence, ct)).Where(s => s.Alive).ToList();
        var (fork, credentials) = CreateTenantEndpoint.Make(session, command.Name?.Trim() ?? $"fork of {tenant}", caller, now, tenant, instant);
        var rewrite = new ForkRewrite(tenant, fork.TenantId);
        var forkUser = new Account { User = credentials.User, TenantId = fork.TenantId }.UserId;
        foreach (var stream in source)
            if (OwnedStreamId(stream, fork.TenantId, forkUser) is { } owned) rewrite.Pin(stream.StreamId, owned);
        rewrite.Assign(source.SelectMany(IdsCopied));

        var holders = new ForkHolders(session, pools, rewrite, caller with { TenantId = fork.TenantId }, now);
        await holders.TakeAddressesAsync(source, ct);

        var events = 0;
        foreach (var stream in source.OrderBy(s => Array.IndexOf(ForkSource.ResourceKinds, s.Kind)))
            events += Copy(session, rewrite, stream, forkUser);
        await holders.RecordOnCopiedNetworksAsync(ct);
        return new Forked(fork, credentials, instant, sequence, source.Count, events, rewrite);
    }

    /// <summary>The ids the fork copies: each resource's, and its ports' and subnets'.</summary>
    static IEnumerable<Guid> IdsCopied(SourceStream stream)
    {
        yield return stream.Kind == "network_created" ? NetworkIdOf(stream) : stream.StreamId;
        foreach (var e in stream.Events)
        {
            var data = JsonNode.Parse(e.Data)!;
            switch (e.Type)
            {
                case "server_created":
                    foreach (var port in data["Ports"]!.AsArray()) yield return port!["PortId"]!.GetValue<Guid>();
                    break;
                case "virtual_interface_attached":
                    yield return data["Port"]!["PortId"]!.GetValue<Guid>();
                    break;
                case "subnet_created":
                    yield return data["Subnet"]!["Id"]!.GetValue<Guid>();
                    break;
                // A gateway's attachment holds its addresses, and a holder holds an address once: the fork's is its own.
                case "router_created" when data["Gateway"] is JsonObject gateway:
                    yield return gateway["PortId"]!.GetValue<Guid>();
                    break;
                case "router_gateway_set":
                    yield return data["Gateway"]!["PortId"]!.GetValue<Guid>();
                    break;
                case "security_group_created":
                    foreach (var rule in data["Rules"]!.AsArray()) yield return rule!["Id"]!.GetValue<Guid>();
                    break;
                case "security_group_rule_added":
                    yield return data["Rule"]!["Id"]!.GetValue<Guid>();
                    break;
            }
        }
    }

    /// <summary>
    /// The fork's id of a stream whose id derives from its owner: a keypair's (its user's, and its name), a quota set's and a
    /// default security group's (its project's), so that the fork's user finds the keypair by name, the fork's quotas apply to the
    /// fork and its default group is the one its ports get.
    /// </summary>
    static Guid? OwnedStreamId(SourceStream stream, string forkTenant, string forkUser) => stream.Kind switch
    {
        "keypair_created" => Keypair.StreamIdOf(forkUser, JsonNode.Parse(stream.Events[0].Data)!["Name"]!.GetValue<string>()),
        "quotas_set" => TenantQuotas.StreamId(forkTenant),
        "security_group_created" when JsonNode.Parse(stream.Events[0].Data)!["IsDefault"]!.GetValue<bool>() => SecurityGroup.DefaultIdOf(forkTenant),
        _ => null,
    };

    static Guid NetworkIdOf(SourceStream stream) => JsonNode.Parse(stream.Events[0].Data)!["NetworkId"]!.GetValue<Guid>();

    /// <summary>Starts the fork's copy of the stream; a network's address events stay behind (the fork records its own holders).</summary>
    static int Copy(IDocumentSession session, ForkRewrite rewrite, SourceStream stream, string forkUser)
    {
        var copied = stream.Events.Where(e => e.Type is not ("network_address_assigned" or "network_address_released")).ToList();
        var serializer = session.DocumentStore.Options.Serializer();
        var data = copied.Select(e =>
        {
            var type = Type.GetType(e.DotnetType) ?? throw new InvalidOperationException($"Unknown event type {e.DotnetType}");
            using var json = new MemoryStream(Encoding.UTF8.GetBytes(rewrite.Apply(e.Data)));
            var copy = serializer.FromJson(type, json);
            // A keypair is its user's: the fork's copy belongs to the fork's user.
            return copy is KeypairCreated created ? created with { UserId = forkUser } : copy;
        }).ToArray();
        var action = session.Events.StartStream(rewrite.Mapped(stream.StreamId), data);
        for (var i = 0; i < copied.Count; i++) action.Events[i].SetHeader(ForkedFromHeader, $"{stream.StreamId}@{copied[i].Version}");
        return copied.Count;
    }
}
