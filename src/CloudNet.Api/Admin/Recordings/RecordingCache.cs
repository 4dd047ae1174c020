using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Admin.Recordings;

/// <summary>The tenants being recorded, as one instance last read them.</summary>
public sealed record ActiveRecordings(IReadOnlyDictionary<string, Guid> ByTenant, DateTimeOffset CheckedAt)
{
    public static readonly ActiveRecordings None = new(new Dictionary<string, Guid>(), DateTimeOffset.MinValue);

    public bool Any => ByTenant.Count > 0;
}

/// <summary>
/// Which tenants are being recorded, for the recorder of every request: read from the <c>recordings</c> table at most once per
/// <see cref="RecordingOptions.RefreshMilliseconds"/> (the requests that find it stale share one read), so that while no tenant is
/// recorded a request costs a dictionary look-up. A recording started or stopped through this instance applies here at once.
/// </summary>
public sealed class RecordingCache(IDocumentStore store, IOptions<RecordingOptions> options, TimeProvider clock, ILogger<RecordingCache> logger)
{
    readonly Lock gate = new();
    readonly TimeSpan interval = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.RefreshMilliseconds));
    ActiveRecordings current = ActiveRecordings.None;
    Task<ActiveRecordings>? reading;
    long changes;

    public ValueTask<ActiveRecordings> CurrentAsync()
    {
        var known = Volatile.Read(ref current);
        return clock.GetUtcNow() - known.CheckedAt < interval ? ValueTask.FromResult(known) : new ValueTask<ActiveRecordings>(ReadAsync());
    }

    /// <summary>This instance started (<paramref name="recording"/>) or ended (null) the tenant's recording, and committed it.</summary>
    public void Changed(string tenantId, Guid? recording)
    {
        lock (gate)
        {
            changes++;
            var byTenant = new Dictionary<string, Guid>(current.ByTenant, StringComparer.Ordinal);
            if (recording is { } id) byTenant[tenantId] = id;
            else byTenant.Remove(tenantId);
            Volatile.Write(ref current, current with { ByTenant = byTenant });
        }
    }

    Task<ActiveRecordings> ReadAsync()
    {
        lock (gate)
        {
            if (reading is null || reading.IsCompleted) reading = LoadAsync(changes);
            return reading;
        }
    }

    async Task<ActiveRecordings> LoadAsync(long changesBefore)
    {
        await Task.Yield(); // out of the caller's lock before any work
        var checkedAt = clock.GetUtcNow();
        ActiveRecordings read;
        try
        {
            read = new ActiveRecordings(await RecordingTables.ActiveAsync(store, CancellationToken.None), checkedAt);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recording must never be what fails a request: go on with what was read last, and try again after the interval.
            logger.LogWarning(ex, "Could not read which tenants are being recorded; going on with the {Count} last read", current.ByTenant.Count);
            read = current with { CheckedAt = checkedAt };
        }
        lock (gate)
        {
            // A change made here while this read ran may be missing from it: keep the change, read again next time.
            if (changes == changesBefore) Volatile.Write(ref current, read);
            return current;
        }
    }
}
