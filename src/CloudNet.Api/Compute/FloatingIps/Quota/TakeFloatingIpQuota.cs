using System.Data.Common;
using CloudNet.Compute.QuotaSets;
using CloudNet.Errors;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace CloudNet.Compute.FloatingIps.Quota;

/// <summary>
/// The decisive quota check of an allocation, as an operation of the session's batch: it locks the tenant's usage
/// row and reads what the tenant holds, and the batch fails with <paramref name="refusal"/> (rolling the whole
/// allocation back) when that is already the quota: the limit an admin set for the tenant (its <see cref="QuotaSet"/>,
/// read in the same statement), else <paramref name="quota"/>, the configured default. <see cref="FloatingIpUsageProjection"/>
/// counts the new IP later in the same batch. Travelling in the batch, the lock is held for the batch and the COMMIT only: a tenant's
/// allocations queue on it for that long, not for their whole request.
/// </summary>
public sealed class TakeFloatingIpQuota(string schema, string quotaSets, string tenantId, int quota, Rejection refusal) : Weasel.Storage.IStorageOperation
{
    public Type DocumentType => typeof(StorageFeatures);

    public OperationRole Role() => OperationRole.Other;

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        // A row lock, not a no-op update: every update leaves a dead version of this one hot row behind, and the
        // projection's increment already leaves one per allocation. A tenant's first allocation inserts the row; when two
        // race for that, the loser's insert waits for the winner and then locks and reads the winner's row.
        var usage = $"{schema}.{FloatingIpUsageProjection.UsageTable}";
        var parameters = builder.AppendWithDbParameters(
            $"with existing as (select held from {usage} where tenant_id = ? for update), " +
            $"created as (insert into {usage} as u (tenant_id, held) select ?, 0 where not exists (select 1 from existing) " +
            "on conflict (tenant_id) do update set held = u.held returning held) " +
            $"select h.held, coalesce((select (data -> 'Limits' ->> '{ComputeQuotas.FloatingIps}')::int from {quotaSets} where id = ?), ?) " +
            "from (select held from existing union all select held from created) h");
        parameters[0].Value = tenantId;
        parameters[1].Value = tenantId;
        ((NpgsqlParameter)parameters[2]).NpgsqlDbType = NpgsqlDbType.Uuid;
        parameters[2].Value = QuotaSet.StreamIdOf(tenantId);
        ((NpgsqlParameter)parameters[3]).NpgsqlDbType = NpgsqlDbType.Integer;
        parameters[3].Value = quota;
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
    {
        if (await reader.ReadAsync(token) && !FloatingIpRules.IsWithinQuota(reader.GetInt32(0), reader.GetInt32(1))) exceptions.Add(refusal);
    }
}
