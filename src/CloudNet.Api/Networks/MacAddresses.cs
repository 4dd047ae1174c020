using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;

namespace CloudNet.Networks;

/// <summary>
/// MAC addresses for ports and virtual interfaces, unique in the deployment: Neutron's default base
/// <c>FA:16:3E</c> (a locally administered prefix: bit 1 of the first octet is set, so they never clash with a
/// vendor's address) followed by the next value of a PostgreSQL sequence, which every service instance shares.
/// The 24 bits give 16,777,216 addresses before they repeat; addresses of deleted interfaces are not reused.
/// </summary>
public static class MacAddresses
{
    public const string Prefix = "FA:16:3E";
    public const string SequenceName = "mac_addresses";

    public static void AddMacSequence(this StoreOptions options) =>
        options.Storage.ExtendedSchemaObjects.Add(new Sequence(
            new PostgresqlObjectName(options.DatabaseSchemaName, SequenceName, SchemaUtils.IdentifierUsage.General)));

    /// <summary>The next MAC of the deployment's sequence; a seeded tenant's own (<see cref="Ids.SeededIds"/>) for its requests.</summary>
    public static async Task<string> NextAsync(IDocumentSession session, Identity.Caller caller, CancellationToken ct)
    {
        if (caller.Ids.NextMac() is { } seeded) return seeded;
        await session.BeginTransactionAsync(ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var command = new NpgsqlCommand($"SELECT nextval('\"{schema}\".\"{SequenceName}\"')", session.Connection);
        return Format((long)(await command.ExecuteScalarAsync(ct))!);
    }

    /// <summary>
    /// A MAC a client asked for (Neutron's <c>mac_address</c>), once no live port has it: <c>MacAddressInUse</c> (409)
    /// otherwise. Two requests for one MAC take its lock in turn, so the second sees the first's port. A MAC in this
    /// service's own range moves the sequence past it, so that no generated MAC can ever repeat it.
    /// </summary>
    public static async Task<string> ClaimAsync(IDocumentSession session, Guid networkId, string requested, CancellationToken ct)
    {
        var mac = Ports.PortRules.Mac(requested);
        await session.BeginTransactionAsync(ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", session.Connection))
        {
            command.Parameters.AddWithValue("key", $"{schema}:mac:{mac}");
            await command.ExecuteNonQueryAsync(ct);
        }
        if (await session.Query<Ports.Port>().AnyAsync(p => p.MacAddress == mac, ct)) throw Ports.PortRules.MacInUse(networkId, mac);
        if (mac.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            var value = Convert.ToInt64(mac[Prefix.Length..].Replace(":", ""), 16);
            await using var bump = new NpgsqlCommand(
                $"SELECT setval('\"{schema}\".\"{SequenceName}\"', greatest(@value, (SELECT last_value FROM \"{schema}\".\"{SequenceName}\")))",
                session.Connection);
            bump.Parameters.AddWithValue("value", value);
            await bump.ExecuteNonQueryAsync(ct);
        }
        return mac;
    }

    /// <summary>Pure: the MAC for a sequence value.</summary>
    public static string Format(long value)
    {
        var tail = value & 0xFFFFFF;
        return $"{Prefix}:{(tail >> 16) & 0xFF:X2}:{(tail >> 8) & 0xFF:X2}:{tail & 0xFF:X2}";
    }
}
