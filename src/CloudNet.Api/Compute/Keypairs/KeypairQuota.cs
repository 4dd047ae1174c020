using CloudNet.Compute.QuotaSets;
using CloudNet.Quotas;
using Marten;
using Npgsql;

namespace CloudNet.Compute.Keypairs;

/// <summary>
/// The <c>key_pairs</c> quota, enforced on create: a per-project lock held until the transaction ends, then a count, so
/// that parallel creates queue and each counts the ones committed before it (a create of the same name loses on the
/// stream instead).
/// </summary>
public static class KeypairQuota
{
    public static async Task EnsureRoomAsync(IDocumentSession session, string tenantId, QuotaLimits quotas, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", session.Connection))
        {
            command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:keypairs:{tenantId}");
            await command.ExecuteNonQueryAsync(ct);
        }
        var limit = await quotas.ForAsync(session, tenantId, QuotaResources.KeyPairs, ct);
        var used = await session.Query<Keypair>().CountAsync(k => k.TenantId == tenantId, ct);
        if (!ComputeQuotas.HasRoomFor(used, limit)) throw KeypairRules.OverQuota();
    }
}
