using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using CloudNet.History.Holdings;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.SharedIps;
using CloudNet.Replicas;
using CloudNet.Vpc.PrivateIps;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace CloudNet.History.Streams;

/// <summary>
/// A resource whose history was asked for: its kind as the route names it, its id, the event stream that
/// holds its history (a virtual interface's is its server's) and the tenant that owns it (null: shared).
/// </summary>
public sealed record HistoryStream(string Kind, Guid Id, Guid StreamId, string? OwnerTenantId)
{
    public const string FloatingIps = "floating-ips";
    public const string Servers = "servers";
    public const string VirtualInterfaces = "virtual-interfaces";
    public const string SharedIps = "shared-ips";
    public const string PrivateIps = "private-ips";
    public const string Networks = "networks";
    public const string Ports = "ports";
    public const string Keypairs = "keypairs";
    public const string Routers = "routers";
    public const string SecurityGroups = "security-groups";
    public const string Vpcs = "vpcs";

    public static readonly IReadOnlyList<string> Kinds =
        [FloatingIps, Servers, VirtualInterfaces, SharedIps, PrivateIps, Networks, Ports, Keypairs, Routers, SecurityGroups, Vpcs];

    public bool IsShared => OwnerTenantId is null;

    /// <summary>
    /// The stream of <paramref name="kind"/> <paramref name="id"/> if the caller may see it: its own resources,
    /// and the shared networks. Anything else, another tenant's included, is the same 404. A keypair is named by its
    /// name, as nova names it (its stream is the caller's keypair of that name, whether it exists now or existed once).
    /// </summary>
    public static async Task<HistoryStream> ResolveAsync(IQuerySession session, string kind, string id, Caller caller, CancellationToken ct)
    {
        if (!Kinds.Contains(kind))
            throw HistoryRejections.BadQuery($"Unknown history kind '{kind}'; one of: {string.Join(", ", Kinds)}.");
        Guid guid;
        if (kind == Keypairs) guid = Keypair.StreamIdOf(caller.UserId, id);
        else if (!Guid.TryParse(id, out guid)) throw HistoryRejections.NotFound(kind, id);

        var streamId = kind switch
        {
            Networks => NetworkKeys.StreamId(guid),
            VirtualInterfaces => await ServerOfPortAsync(session, guid, ct),
            _ => guid,
        };
        if (streamId == Guid.Empty) throw HistoryRejections.NotFound(kind, id);

        var first = (await session.Events.FetchStreamAsync(streamId, version: 1, token: ct)).FirstOrDefault();
        var (found, owner) = (kind, first?.Data) switch
        {
            (FloatingIps, FloatingIpAllocated e) when e.FloatingIpId == guid => (true, e.TenantId),
            (Servers or VirtualInterfaces, ServerCreated e) => (true, e.TenantId),
            (SharedIps, IpAddressProvisioned e) when e.IpAddressId == guid => (true, e.TenantId),
            (PrivateIps, PrivateIpAssigned e) when e.PrivateIpId == guid => (true, e.TenantId),
            (Networks, NetworkCreated e) when e.NetworkId == guid => (true, e.TenantId),
            (Ports, Networks.Ports.PortCreated e) when e.PortId == guid => (true, e.TenantId),
            (Keypairs, KeypairCreated e) when e.UserId == caller.UserId => (true, e.TenantId),
            (Routers, Networks.Routers.RouterCreated e) when e.RouterId == guid => (true, e.TenantId),
            (SecurityGroups, Networks.SecurityGroups.SecurityGroupCreated e) when e.SecurityGroupId == guid => (true, e.TenantId),
            (Vpcs, Vpc.Vpcs.VpcCreated e) when e.VpcId == guid => (true, e.TenantId),
            _ => (false, null),
        };
        if (!found || (owner is not null && owner != caller.TenantId)) throw HistoryRejections.NotFound(kind, id);
        return new HistoryStream(kind, guid, streamId, owner);
    }

    /// <summary>The server a port (a virtual interface) belongs to: from its address holding when it got an
    /// address, else from the event that created it (a scan, only for ports on networks without subnets).</summary>
    static async Task<Guid> ServerOfPortAsync(IQuerySession session, Guid portId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"""
            select device_id from {schema}.{AddressHoldingsProjection.TableName} where holder_id = $1 and device_id is not null
            union all
            (select stream_id from {schema}.mt_events
             where (type = 'virtual_interface_attached' and data @> $2::jsonb) or (type = 'server_created' and data @> $3::jsonb)
             order by seq_id limit 1)
            limit 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = portId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PortEvents.InAttached(portId) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PortEvents.InServerCreated(portId) });
        return await command.ExecuteScalarAsync(ct) is Guid server ? server : Guid.Empty;
    }
}
