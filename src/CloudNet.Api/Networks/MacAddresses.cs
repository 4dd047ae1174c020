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

    public static async Task<string> NextAsync(IDocumentSession session, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using var command = new NpgsqlCommand($"SELECT nextval('\"{schema}\".\"{SequenceName}\"')", session.Connection);
        return Format((long)(await command.ExecuteScalarAsync(ct))!);
    }

    /// <summary>Pure: the MAC for a sequence value.</summary>
    public static string Format(long value)
    {
        var tail = value & 0xFFFFFF;
        return $"{Prefix}:{(tail >> 16) & 0xFF:X2}:{(tail >> 8) & 0xFF:X2}:{tail & 0xFF:X2}";
    }
}
