using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Admin.Faults.Adding;
using CloudNet.Admin.Faults.Injecting;
using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using JasperFx;
using JasperFx.CommandLine;
using Marten;

namespace CloudNet.Admin.Faults.CommandLine;

public enum FaultsAction
{
    list,
    add,
    show,
    remove,
    clear,
}

public sealed class FaultsInput : NetCoreInput
{
    [Description("list (the default), add, show, remove or clear")]
    public FaultsAction Action { get; set; } = FaultsAction.list;

    [Description("The tenant whose requests the rule fails (add, clear); only that tenant's rules (list)")]
    [FlagAlias("tenant", 't')]
    public string? TenantFlag { get; set; }

    [Description("The rule's id (show, remove)")]
    [FlagAlias("id", 'i')]
    public string? IdFlag { get; set; }

    [Description("add: the path pattern (/os-floating-ips, /v2.0/floatingips/*, /servers/{id}/action) or a regex starting with ^")]
    [FlagAlias("path", 'p')]
    public string? PathFlag { get; set; }

    [Description("add: GET, POST, PUT, DELETE, … (default: every method)")]
    [FlagAlias("method", 'm')]
    public string? MethodFlag { get; set; }

    [Description("add: the status to answer, 400-599 (may be left out with --delay-ms: then the request waits and goes through)")]
    [FlagAlias("status", 's')]
    public int? StatusFlag { get; set; }

    [Description("add: fail only the next N matching requests")]
    [FlagAlias("count", 'n')]
    public int? CountFlag { get; set; }

    [Description("add: fail each matching request with this probability, 0-1")]
    [FlagAlias("probability", true)]
    public double? ProbabilityFlag { get; set; }

    [Description("add: the body to answer, raw JSON (default: the API family's own error for the status)")]
    [FlagAlias("body", 'b')]
    public string? BodyFlag { get; set; }

    [Description("add: seconds for Retry-After (and nova's retryAfter)")]
    [FlagAlias("retry-after", true)]
    public int? RetryAfterFlag { get; set; }

    [Description("add: wait this many milliseconds before answering (or before letting the request through)")]
    [FlagAlias("delay-ms", 'd')]
    public int? DelayMsFlag { get; set; }

    [Description("add: a random extra wait of 0 to this many milliseconds on top of --delay-ms (jittered latency)")]
    [FlagAlias("jitter-ms", true)]
    public int? JitterMsFlag { get; set; }

    [Description("add: fire after the endpoint's write committed (the client gets the fault, the write stays)")]
    [FlagAlias("after-write", true)]
    public bool AfterWriteFlag { get; set; }

    [Description("add: drop the connection instead of answering")]
    [FlagAlias("drop", true)]
    public bool DropFlag { get; set; }

    [Description("add: the servers the matching requests create stay in BUILD for this many polls (GET /servers/{id})")]
    [FlagAlias("build-polls", true)]
    public int? BuildPollsFlag { get; set; }

    [Description("add: … or for this many seconds")]
    [FlagAlias("build-seconds", true)]
    public int? BuildSecondsFlag { get; set; }

    [Description("add: what the server becomes after BUILD: ACTIVE (the default) or ERROR")]
    [FlagAlias("build-result", true)]
    public string? BuildResultFlag { get; set; }

    [Description("add: the ports the matching requests bind stay DOWN for this many reads of the port (GET), then are ACTIVE")]
    [FlagAlias("port-active-polls", true)]
    public int? PortActivePollsFlag { get; set; }

    [Description("add: … or for this many seconds")]
    [FlagAlias("port-active-seconds", true)]
    public int? PortActiveSecondsFlag { get; set; }

    [Description("list: removed rules too")]
    [FlagAlias("all", true)]
    public bool AllFlag { get; set; }

    [Description("Write the JSON to this file instead of the console (which also carries the command line's own messages)")]
    [FlagAlias("output", 'o')]
    public string? OutputFlag { get; set; }
}

/// <summary>
/// <c>faults</c>: the admin API's fault rules from the host's command line, for scripts (JSON out, the API's shapes):
/// <c>faults add --tenant T --path /os-floating-ips --method POST --status 503 --count 2</c>, <c>faults list [--tenant T]</c>,
/// <c>faults show --id R</c>, <c>faults remove --id R</c>, <c>faults clear --tenant T</c>. It writes to the database the
/// service runs on (ConnectionStrings__Postgres); running instances apply a change within Faults:RefreshMilliseconds.
/// </summary>
[Description("Fault rules of the admin API (list, add, show, remove, clear): fail or delay a tenant's requests")]
public sealed class FaultsCommand : JasperFxAsyncCommand<FaultsInput>
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public FaultsCommand()
    {
        Usage("List the rules in force").Arguments();
        Usage("Run an action").Arguments(x => x.Action);
    }

    public override async Task<bool> Execute(FaultsInput input)
    {
        using var host = input.BuildHost();
        return await RunAsync(input, host.Services, Console.Out, Console.Error);
    }

    /// <summary>The command's work on a host's services: the command line's host, or a test's.</summary>
    public static async Task<bool> RunAsync(FaultsInput input, IServiceProvider services, TextWriter output, TextWriter errors)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var by = "cli:" + Environment.UserName;
        var ct = CancellationToken.None;
        try
        {
            // The command line may be the first to touch a new database: create what the rules need, as the service does at start.
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            JsonNode result;
            switch (input.Action)
            {
                case FaultsAction.list:
                {
                    await using var session = store.QuerySession();
                    var rules = await FaultRules.ListAsync(session, input.TenantFlag, input.AllFlag, ct);
                    result = new JsonObject { ["faults"] = new JsonArray(rules.Select(r => (JsonNode)FaultRuleJson.From(r)).ToArray()) };
                    break;
                }
                case FaultsAction.show:
                {
                    await using var session = store.QuerySession();
                    var rule = await FaultRules.FindAsync(session, Required(input.IdFlag, "--id"), ct);
                    result = new JsonObject { ["fault"] = FaultRuleJson.WithFirings(rule, await FaultRules.FiringsAsync(session, rule.Id, ct)) };
                    break;
                }
                case FaultsAction.add:
                {
                    await using var session = store.LightweightSession();
                    var rule = await FaultRules.AddAsync(session, services.GetRequiredService<AccountDirectory>(), SpecOf(input), by, now, ct);
                    await session.SaveChangesAsync(ct);
                    result = new JsonObject { ["fault"] = FaultRuleJson.From(rule) };
                    break;
                }
                case FaultsAction.remove:
                {
                    var id = Required(input.IdFlag, "--id");
                    if (!Guid.TryParse(id, out var ruleId)) throw Rejection.NotFound($"No fault rule {id}.", "FaultRuleNotFound");
                    await using var session = store.LightweightSession();
                    var rule = await FaultRules.RemoveAsync(session, ruleId, by, now, ct);
                    await session.SaveChangesAsync(ct);
                    result = new JsonObject { ["removed"] = new JsonArray(FaultRuleJson.From(rule)) };
                    break;
                }
                case FaultsAction.clear:
                {
                    await using var session = store.LightweightSession();
                    var removed = await FaultRules.ClearAsync(session, Required(input.TenantFlag, "--tenant"), by, now, ct);
                    await session.SaveChangesAsync(ct);
                    result = new JsonObject { ["removed"] = new JsonArray(removed.Select(r => (JsonNode)FaultRuleJson.From(r)).ToArray()) };
                    break;
                }
                default:
                    throw Rejection.BadRequest($"Unknown action {input.Action}.");
            }
            // In-process (a test's host), the instance applies the change at once, as after the API.
            services.GetService<FaultRuleCache>()?.Invalidate();
            var json = result.ToJsonString(Indented);
            if (input.OutputFlag is { Length: > 0 } file) await File.WriteAllTextAsync(file, json + Environment.NewLine, ct);
            else await output.WriteLineAsync(json);
            return true;
        }
        catch (Rejection rejection)
        {
            await errors.WriteLineAsync($"faults {input.Action}: {rejection.Message}");
            return false;
        }
    }

    static FaultRuleSpec SpecOf(FaultsInput input)
    {
        JsonElement? body = null;
        if (input.BodyFlag is { } text)
        {
            try
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Rejection.BadRequest($"--body is not JSON: {ex.Message}", "BadFaultRule");
            }
        }
        return new FaultRuleSpec(input.TenantFlag, input.MethodFlag, input.PathFlag, input.CountFlag, input.ProbabilityFlag, input.StatusFlag,
            body, input.RetryAfterFlag, input.DelayMsFlag, input.AfterWriteFlag, input.DropFlag, input.JitterMsFlag,
            input.BuildPollsFlag, input.BuildSecondsFlag, input.BuildResultFlag, input.PortActivePollsFlag, input.PortActiveSecondsFlag);
    }

    static string Required(string? value, string flag) =>
        string.IsNullOrWhiteSpace(value) ? throw Rejection.BadRequest($"{flag} is required.") : value.Trim();
}
