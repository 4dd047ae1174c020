using System.Data.Common;
using CloudNet.Errors;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace CloudNet.Quotas;

/// <summary>
/// The decisive quota check of a create, as an operation of the session's batch: the batch fails with
/// <paramref name="refusal"/> (rolling the whole command back) when the new resources (<paramref name="ids"/>) would take the
/// tenant past its limit (the one an admin set, else <paramref name="defaultLimit"/>). <see cref="QuotaUsageProjection"/>
/// counts the new ones later in the same batch. Travelling in the batch, its locks are held for the batch and the COMMIT
/// only: a tenant's creates queue on them for that long, not for their whole request.
/// </summary>
/// <remarks>
/// The decision is the function <see cref="FunctionSql"/> makes (one round trip, inside the batch). The tenant's count is
/// striped (<see cref="QuotaUsageProjection"/>), and each stripe holds an allowance, a share of the limit dealt out to it:
/// <list type="bullet">
/// <item>the fast path locks only the new resources' stripes (in stripe order) and passes when each stays within its
/// allowance and the allowance was dealt for today's limit: creates of one tenant then queue only when their ids share a
/// stripe;</item>
/// <item>otherwise (near the limit, the limit changed, no allowance yet) it gives those locks back and locks all the stripes
/// in order, decides on their sum, and deals the room left out again.</item>
/// </list>
/// The fast path runs in a subtransaction (a PL/pgSQL exception block) so that leaving it releases its stripe: a create
/// that holds a stripe never waits for another, and creates that hold several took them in order, so there is no deadlock.
/// An all-stripe locker waits for every in-flight create of the tenant, so its sum is exact; the allowances sum to at most
/// the limit they were dealt for, and a create passes on its stripe only within that stripe's allowance, so the tenant never
/// passes its limit. Deletes lower <c>held</c> and leave the allowances (their room comes back at the next deal).
/// </remarks>
public sealed class TakeQuota(string schema, string quotasTable, string tenantId, string resource, int defaultLimit, Guid[] ids, Rejection refusal)
    : Weasel.Storage.IStorageOperation
{
    public Type DocumentType => typeof(StorageFeatures);

    public OperationRole Role() => OperationRole.Other;

    /// <summary>The function the check calls, made with <see cref="QuotaUsageProjection"/>'s tables: true when the tenant may
    /// take the resources of these ids under this limit (-1: no limit).</summary>
    public static string FunctionSql(string schema)
    {
        var usage = $"{schema}.{QuotaUsageProjection.UsageTable}";
        var stripes = QuotaUsageProjection.Stripes;
        var stripeOfId = QuotaUsageProjection.StripeOf("i");
        return $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.{{QuotaUsageProjection.TakeFunction}}(p_tenant text, p_resource text, p_ids uuid[], p_limit integer)
             RETURNS boolean
             LANGUAGE plpgsql
            AS $function$
            declare
              passes boolean;
              total integer;
              room integer;
            begin
              if p_limit < 0 then
                return true;
              end if;
              begin
                with wanted as (select {{stripeOfId}} as stripe, count(*)::integer as n from unnest(p_ids) i group by 1),
                locked as (select u.stripe, u.held, u.allowance, u.allowance_limit from {{usage}} u
                  where u.tenant_id = p_tenant and u.resource = p_resource and u.stripe in (select stripe from wanted)
                  order by u.stripe for update)
                select count(*) = (select count(*) from wanted) and coalesce(bool_and(l.allowance_limit = p_limit and l.held + w.n <= l.allowance), false)
                  into passes from locked l join wanted w using (stripe);
                if passes then
                  return true;
                end if;
                raise sqlstate 'CNQ01';
              exception when sqlstate 'CNQ01' then
                null;
              end;
              insert into {{usage}} (tenant_id, resource, stripe, held) select p_tenant, p_resource, s, 0 from generate_series(0, {{stripes - 1}}) s
                on conflict do nothing;
              perform 1 from (select u.stripe from {{usage}} u where u.tenant_id = p_tenant and u.resource = p_resource order by u.stripe for update) s;
              select coalesce(sum(u.held), 0) into total from {{usage}} u where u.tenant_id = p_tenant and u.resource = p_resource;
              room := p_limit - total - cardinality(p_ids);
              if room < 0 then
                return false;
              end if;
              update {{usage}} u set allowance = u.held + w.n + room / {{stripes}} + case when u.stripe < room % {{stripes}} then 1 else 0 end,
                  allowance_limit = p_limit
                from (select s as stripe, (select count(*) from unnest(p_ids) i where {{stripeOfId}} = s)::integer as n
                      from generate_series(0, {{stripes - 1}}) s) w
                where u.tenant_id = p_tenant and u.resource = p_resource and u.stripe = w.stripe;
              return true;
            end;
            $function$;
            """;
    }

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        var parameters = builder.AppendWithDbParameters(
            $"select {schema}.{QuotaUsageProjection.TakeFunction}(?, ?, ?, " +
            $"coalesce((select (data -> 'Limits' ->> ?)::int from {quotasTable} where id = ?), ?))");
        object[] values = [tenantId, resource, ids, resource, TenantQuotas.StreamId(tenantId), defaultLimit];
        NpgsqlDbType[] types = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Array | NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Uuid,
            NpgsqlDbType.Integer];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = (NpgsqlParameter)parameters[i];
            parameter.NpgsqlDbType = types[i];
            parameter.Value = values[i];
        }
    }

    public async Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token)
    {
        if (await reader.ReadAsync(token) && !reader.GetBoolean(0)) exceptions.Add(refusal);
    }

    /// <summary>Queues the check of the new resources of <paramref name="ids"/> for the tenant (nothing for none).</summary>
    public static void Queue(IDocumentSession session, QuotaLimits limits, string tenantId, string resource, IEnumerable<Guid> ids, Rejection refusal)
    {
        var taken = ids.ToArray();
        if (taken.Length == 0) return;
        var options = session.DocumentStore.Options;
        var quotas = options.FindOrResolveDocumentType(typeof(TenantQuotas)).TableName.QualifiedName;
        session.QueueOperation(new TakeQuota(options.DatabaseSchemaName, quotas, tenantId, resource, limits.Defaults[resource], taken, refusal));
    }
}
