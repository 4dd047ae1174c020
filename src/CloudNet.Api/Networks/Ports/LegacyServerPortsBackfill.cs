using CloudNet.Compute.Servers;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace CloudNet.Networks.Ports;

/// <summary>
/// Gives every port that servers got before ports had streams of their own (a database, or an imported log, from an
/// earlier version) its stream, so that Neutron lists it, floating IPs point at it and deleting it works like any other.
/// One query finds none on every later start. Safe when two nodes start at once: the loser of a stream-id race finds it there.
/// </summary>
public sealed class LegacyServerPortsBackfill(IDocumentStore store, TimeProvider clock, ILogger<LegacyServerPortsBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var servers = store.Options.FindOrResolveDocumentType(typeof(Server)).TableName.QualifiedName;
        var ports = store.Options.FindOrResolveDocumentType(typeof(Port)).TableName.QualifiedName;
        var serverIds = new List<Guid>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"""
                select distinct s.id from {servers} s, jsonb_array_elements(s.data -> 'Ports') p
                where not exists (select 1 from {ports} x where x.id = (p ->> 'PortId')::uuid)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) serverIds.Add(reader.GetGuid(0));
        }
        var started = 0;
        foreach (var serverId in serverIds)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "system";
            session.CorrelationId = "startup";
            if (await session.LoadAsync<Server>(serverId, ct) is not { } server) continue;
            var missing = server.Ports.Select(p => p.PortId).Except((await session.LoadManyAsync<Port>(ct, server.Ports.Select(p => p.PortId))).Select(p => p.Id)).ToHashSet();
            foreach (var port in server.Ports.Where(p => missing.Contains(p.PortId)))
            {
                var attributes = PortAttributes.Defaults(true) with { DeviceId = server.Id.ToString(), DeviceOwner = Port.ComputeOwner };
                session.Events.StartStream<Port>(port.PortId, new PortCreated(port.PortId, server.TenantId, port.NetworkId,
                    port.MacAddress.ToLowerInvariant(), port.FixedIps, attributes, server.Id, "system", clock.GetUtcNow()));
            }
            try
            {
                await session.SaveChangesAsync(ct);
                started += missing.Count;
            }
            catch (ExistingStreamIdCollisionException)
            {
            }
        }
        if (started > 0) logger.LogInformation("Gave {Count} ports of servers made by an earlier version streams of their own", started);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
