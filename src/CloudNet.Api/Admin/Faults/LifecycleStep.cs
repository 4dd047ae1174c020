using CloudNet.History.Metadata;
using CloudNet.Hosting;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Admin.Faults;

public enum LifecycleTurn
{
    None,
    Counts,
    Ends,
}

/// <summary>
/// A read that is a step of a lifecycle rule (a server in BUILD, a port waiting for ACTIVE): a GET that writes. It opens its
/// own session on the store (the primary: the GET's own session may read a standby), takes the resource's stream under its
/// lock so that concurrent reads each count once, and appends the step's event with the reading request's id.
/// </summary>
public static class LifecycleStep
{
    /// <summary>What one read at <paramref name="now"/> does to a wait of <paramref name="pollsLeft"/> more reads or until
    /// <paramref name="until"/> (both: whichever comes first): the read that finds no poll left, or the time up, ends it; a counted
    /// wait counts the read; a timed wait whose time has not come takes no step.</summary>
    public static LifecycleTurn Turn(int? pollsLeft, DateTimeOffset? until, DateTimeOffset now) =>
        until is { } end && now >= end || pollsLeft is 0 ? LifecycleTurn.Ends
        : pollsLeft is not null ? LifecycleTurn.Counts
        : LifecycleTurn.None;

    /// <summary>The resource as this read shows it: <paramref name="step"/> decides the event of the read (null: none) from the
    /// stream's current state, <paramref name="apply"/> applies it.</summary>
    public static async Task<T> ReadAsync<T>(IDocumentStore store, Guid id, T shown, HttpContext context, string command,
        Func<T, string, object?> step, Func<T, object, T> apply) where T : class
    {
        var ct = context.RequestAborted;
        var caller = context.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = context.RequestId();
        CommandMetadata.Name(session, command);
        session.LastModifiedBy = caller.UserName;
        session.SetHeader(CommandMetadata.TenantHeader, caller.TenantId);
        var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
        if (stream.Aggregate is not { } current) return shown;
        if (step(current, caller.UserName) is not { } happened) return current;
        stream.AppendOne(happened);
        await session.SaveChangesAsync(ct);
        return apply(current, happened);
    }
}
