using System.Data.Common;
using CloudNet.Errors;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace CloudNet.Quotas;

/// <summary>
/// The decisive quota check of a create, as an operation of the session's batch: it locks the tenant's usage row of the
/// resource and reads what the tenant holds and its limit (the one an admin set, else <paramref name="defaultLimit"/>), and
/// the batch fails with <paramref name="refusal"/> (rolling the whole command back) when <paramref name="count"/> more would
/// pass it. <see cref="QuotaUsageProjection"/> counts the new ones later in the same batch. Travelling in the batch, the lock
/// is held for the batch and the COMMIT only: a tenant's creates queue on it for that long, not for their whole request.
/// </summary>
public sealed class TakeQuota(string schema, string quotasTable, string tenantId, string resource, int defaultLimit, int count, Rejection refusal)
    : Weasel.Storage.IStorageOperation
{
    public Type DocumentType => typeof(StorageFeatures);

    public OperationRole Role() => OperationRole.Other;

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        // A row lock, not a no-op update: every update leaves a dead version of this one hot row behind, and the
        // projection's increment already leaves one per create. A tenant's first create inserts the row; when two race
        // for that, the loser's insert waits for the winner and then locks and reads the winner's row.
        var usage = $"{schema}.{QuotaUsageProjection.UsageTable}";
        var parameters = builder.AppendWithDbParameters(
            $"with existing as (select held from {usage} where tenant_id = ? and resource = ? for update), " +
            $"created as (insert into {usage} as u (tenant_id, resource, held) select ?, ?, 0 where not exists (select 1 from existing) " +
            "on conflict (tenant_id, resource) do update set held = u.held returning held) " +
            $"select held, coalesce((select (data -> 'Limits' ->> ?)::int from {quotasTable} where id = ?), ?) " +
            "from (select held from existing union all select held from created) h");
        object[] values = [tenantId, resource, tenantId, resource, resource, TenantQuotas.StreamId(tenantId), defaultLimit];
        NpgsqlDbType[] types = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Integer];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = (NpgsqlParameter)parameters[i];
            parameter.NpgsqlDbType = types[i];
            parameter.Value = values[i];
        }
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
    {
        if (await reader.ReadAsync(token) && !QuotaLimits.Allows(reader.GetInt32(1), reader.GetInt32(0), count)) exceptions.Add(refusal);
    }

    /// <summary>Queues the check of <paramref name="count"/> more of <paramref name="resource"/> for the tenant (nothing for none).</summary>
    public static void Queue(IDocumentSession session, QuotaLimits limits, string tenantId, string resource, int count, Rejection refusal)
    {
        if (count <= 0) return;
        var options = session.DocumentStore.Options;
        var quotas = options.FindOrResolveDocumentType(typeof(TenantQuotas)).TableName.QualifiedName;
        session.QueueOperation(new TakeQuota(options.DatabaseSchemaName, quotas, tenantId, resource, limits.Defaults[resource], count, refusal));
    }
}
