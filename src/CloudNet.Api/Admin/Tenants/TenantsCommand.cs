using CloudNet.History.Metadata;
using System.Text.Json;
using CloudNet.Admin.Tenants.Creating;
using CloudNet.Admin.Tenants.Forking;
using CloudNet.Admin.Tenants.Resetting;
using CloudNet.Admin.Tenants.Seeding;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using JasperFx.CommandLine;
using Marten;

namespace CloudNet.Admin.Tenants;

public enum TenantAction
{
    list,
    create,
    reset,
    fork,
}

public sealed class TenantsInput : NetCoreInput
{
    [Description("list, create, reset or fork")]
    public TenantAction Action { get; set; }

    [Description("reset, fork: the tenant (its id)")]
    public string? TenantFlag { get; set; }

    [Description("A name for the tenant made by create or fork")]
    public string? NameFlag { get; set; }

    [Description("fork: the instant to fork at (ISO 8601)")]
    public string? AtFlag { get; set; }

    [Description("fork: the event sequence to fork at")]
    public string? SequenceFlag { get; set; }

    [Description("create: a seed, which makes the tenant deterministic (the same requests give the same ids in any deployment)")]
    public string? SeedFlag { get; set; }
}

/// <summary>
/// <c>tenants list|create|reset|fork [--tenant id] [--name n] [--seed s] [--at instant|--sequence n]</c>: the admin API's tenant calls from the host's command line, for scripts. They
/// run the same code as the routes, as the user <c>cli</c>; their events carry the command in their <c>command</c> header.
/// </summary>
[Description("Tenants on demand: list, create, reset (empty a tenant) or fork (a new tenant as one was at an instant)", Name = "tenants")]
public sealed class TenantsCommand : JasperFxAsyncCommand<TenantsInput>
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public override async Task<bool> Execute(TenantsInput input)
    {
        using var host = input.BuildHost();
        return await RunAsync(input, host.Services, Console.Out, CancellationToken.None);
    }

    /// <summary>The command on a given service provider, writing its JSON to <paramref name="output"/> (tests call it in-process).</summary>
    public static async Task<bool> RunAsync(TenantsInput input, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var accounts = services.GetRequiredService<AccountDirectory>();
        var caller = new Caller("cli", "cli", "cloudnet-admin", IsAdmin: true);
        var now = DateTimeOffset.UtcNow;
        await using var session = store.LightweightSession();
        session.CorrelationId = $"cli-{Guid.NewGuid()}";
        CommandMetadata.Name(session, $"tenants {input.Action}");
        void Print(object value) => output.WriteLine(JsonSerializer.Serialize(value, Indented));

        switch (input.Action)
        {
            case TenantAction.list:
                Print(new { tenants = (await session.Query<Tenant>().OrderBy(t => t.CreatedAt).ToListAsync(ct)).Select(TenantJson.From) });
                return true;
            case TenantAction.create:
                var seed = TenantSeed.From(input.SeedFlag);
                await CreateTenantEndpoint.EnsureSeedFreeAsync(session, seed, ct);
                var (tenant, credentials) = CreateTenantEndpoint.Make(session, input.NameFlag ?? "", caller, now, seed: seed);
                await session.SaveChangesAsync(ct);
                Print(TenantJson.Created(tenant, credentials));
                return true;
            case TenantAction.reset:
                Print(new { reset = await ResetTenantEndpoint.ResetAsync(session, accounts, Required(input.TenantFlag), caller, now, ct) });
                return true;
            case TenantAction.fork:
                long? sequence = long.TryParse(input.SequenceFlag, out var s) ? s : null;
                var fork = await ForkTenantEndpoint.ForkAsync(session, accounts, services.GetRequiredService<FloatingIpPools>(), Required(input.TenantFlag),
                    new ForkTenant(input.AtFlag, sequence, input.NameFlag), caller, now, ct);
                await session.SaveChangesAsync(ct);
                Print(new
                {
                    tenant = TenantJson.From(fork.Tenant), credentials = TenantJson.Credentials(fork.Tenant, fork.Credentials),
                    fork = new { at = fork.At, sequence = fork.Sequence, streams = fork.Streams, events = fork.Events, readdressed = fork.Rewrite.Addresses },
                });
                return true;
            default:
                return false;
        }
    }

    static string Required(string? tenant) =>
        string.IsNullOrWhiteSpace(tenant) ? throw new ArgumentException("Name the tenant: tenants reset --tenant <tenant id>") : tenant;
}
