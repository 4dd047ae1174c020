using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Admin.Faults.Injecting;

/// <summary>A rule ready to match requests on this instance.</summary>
public sealed class ActiveFaultRule(FaultRule rule)
{
    readonly FaultPattern pattern = FaultPattern.Parse(rule.Path);
    volatile bool spent;

    public FaultRule Rule { get; } = rule;
    public Guid Id => Rule.Id;

    /// <summary>A counted rule this instance found used up (its count is in the stream, shared by every instance):
    /// later requests skip it without asking the database again.</summary>
    public bool IsSpent => spent;

    public void MarkSpent() => spent = true;

    public bool Matches(string method, string sentPath, string routePath) =>
        !spent && (Rule.Method is null || string.Equals(Rule.Method, method, StringComparison.OrdinalIgnoreCase))
               && pattern.Matches(sentPath, routePath);
}

/// <summary>Every active rule of the deployment, by tenant, as of one <see cref="FaultRuleVersion"/>.</summary>
public sealed record FaultRuleSet(long Version, IReadOnlyDictionary<string, ActiveFaultRule[]> ByTenant, DateTimeOffset CheckedAt, long Generation)
{
    public static readonly FaultRuleSet Empty = new(-1, new Dictionary<string, ActiveFaultRule[]>(), DateTimeOffset.MinValue, -1);

    public int Count => ByTenant.Values.Sum(rules => rules.Length);
}

/// <summary>
/// The fault rules as this instance applies them. Rules are few and change rarely, requests are many: the rules live in
/// memory, and at most once per <see cref="FaultOptions.RefreshMilliseconds"/> one request asks PostgreSQL whether the
/// rule version moved (one indexed single-row read; concurrent requests wait for that same read rather than each making
/// one), re-reading the rules only when it did. A rule added or removed on this instance applies here at once
/// (<see cref="Invalidate"/>); on the other instances, and after the command line changed them, within the refresh interval.
/// </summary>
public sealed class FaultRuleCache(IDocumentStore store, IOptions<FaultOptions> options, TimeProvider clock, ILogger<FaultRuleCache> logger)
{
    readonly Lock gate = new();
    readonly Lock assign = new();
    readonly TimeSpan interval = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.RefreshMilliseconds));
    volatile FaultRuleSet current = FaultRuleSet.Empty;
    Task<FaultRuleSet>? refreshing;
    long refreshingGeneration = -1;
    long generation;

    /// <summary>The rules, checked against the database if the last check is older than the interval.</summary>
    public ValueTask<FaultRuleSet> CurrentAsync()
    {
        var set = current;
        return IsFresh(set) ? ValueTask.FromResult(set) : new ValueTask<FaultRuleSet>(RefreshAsync());
    }

    /// <summary>After this instance changed the rules (and committed): the next request re-reads them.</summary>
    public void Invalidate() => Interlocked.Increment(ref generation);

    bool IsFresh(FaultRuleSet set) => set.Generation == Interlocked.Read(ref generation) && clock.GetUtcNow() - set.CheckedAt < interval;

    Task<FaultRuleSet> RefreshAsync()
    {
        lock (gate)
        {
            if (IsFresh(current)) return Task.FromResult(current);
            // One check at a time: the requests that find the rules stale meanwhile wait for it. A check that began
            // before the last Invalidate is not joined (it may have read the rules before the change): a new one starts.
            var wanted = Interlocked.Read(ref generation);
            if (refreshing is null || refreshing.IsCompleted || refreshingGeneration != wanted)
            {
                refreshingGeneration = wanted;
                refreshing = LoadAsync(wanted);
            }
            return refreshing;
        }
    }

    async Task<FaultRuleSet> LoadAsync(long startedGeneration)
    {
        await Task.Yield(); // out of the caller's lock before any work
        var checkedAt = clock.GetUtcNow();
        var previous = current;
        FaultRuleSet set;
        try
        {
            // The version first, then the rules: the rules read are at least as new as the version kept.
            var version = await FaultRuleVersion.ReadAsync(store, CancellationToken.None);
            set = version == previous.Version
                ? previous with { CheckedAt = checkedAt, Generation = startedGeneration }
                : new FaultRuleSet(version, await ReadRulesAsync(), checkedAt, startedGeneration);
            if (set.Version != previous.Version)
                logger.LogInformation("Fault rules at version {Version}: {Count} active", set.Version, set.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Fault injection must not be what fails a request: keep applying the rules last read and try again after
            // the interval. (A request that needs the database will meet the outage itself and answer 503.)
            logger.LogWarning(ex, "Could not check the fault rules; applying the {Count} last read until the next check", previous.Count);
            set = previous with { CheckedAt = checkedAt, Generation = startedGeneration };
        }
        // A check that began before an Invalidate and ends after the one that followed it must not put older rules back.
        lock (assign)
            if (set.Generation >= current.Generation) current = set;
        return set;
    }

    async Task<IReadOnlyDictionary<string, ActiveFaultRule[]>> ReadRulesAsync()
    {
        await using var session = store.QuerySession();
        var rules = await session.Query<FaultRule>().Where(r => r.RemovedAt == null).ToListAsync();
        // In the order they were made: when several match one request, the oldest that fires answers it.
        return rules.Where(r => r.IsActive)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .GroupBy(r => r.TenantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new ActiveFaultRule(r)).ToArray(), StringComparer.Ordinal);
    }
}
