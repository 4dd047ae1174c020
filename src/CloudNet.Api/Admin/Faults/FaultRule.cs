namespace CloudNet.Admin.Faults;

/// <summary>
/// An admin asked that some of a tenant's requests fail (or wait): which ones (<see cref="Method"/>, <see cref="Path"/>),
/// how many or how often (<see cref="Count"/>, <see cref="Probability"/>) and with what (<see cref="Status"/>,
/// <see cref="Body"/>, <see cref="RetryAfter"/>, <see cref="DelayMs"/>).
/// </summary>
/// <param name="Body">The raw JSON to answer instead of the family's own error; kept as text so it is replayed byte for byte.</param>
/// <param name="AfterWrite">The rule fires after the endpoint ran and its write committed (only on a request the endpoint
/// answered with success): the client gets the fault, the cloud keeps the write, and a retry meets a done write.</param>
/// <param name="Drop">Instead of an answer, the connection is dropped (the client sees a reset or an empty reply).</param>
/// <param name="JitterMs">Added to <see cref="DelayMs"/>: each firing waits DelayMs plus a uniform draw in [0, JitterMs].</param>
/// <param name="Build">A lifecycle rule: the server the matching request creates stays in BUILD, then ends as this says.</param>
/// <param name="PortActive">A lifecycle rule: the ports the matching request binds stay DOWN for a while, then are ACTIVE.</param>
public sealed record FaultRuleAdded(Guid RuleId, string TenantId, string? Method, string Path, int? Count, double? Probability, int? Status,
    string? Body, int? RetryAfter, int? DelayMs, string By, DateTimeOffset At, bool AfterWrite = false, bool Drop = false, int? JitterMs = null,
    BuildBehaviour? Build = null, PortActiveBehaviour? PortActive = null);

/// <summary>
/// How a server made under a lifecycle rule goes through BUILD: it stays there for <see cref="Polls"/> reads of the server
/// (<c>GET /servers/{id}</c>, what a client waiting for it sends) or <see cref="Seconds"/> of the service's clock, whichever
/// is given (both: whichever comes first), then becomes <see cref="Result"/> (ACTIVE or ERROR).
/// </summary>
public sealed record BuildBehaviour(int? Polls, int? Seconds, string Result)
{
    public const string Active = "ACTIVE";
    public const string Error = "ERROR";
}

/// <summary>
/// How a port bound under a lifecycle rule (made with a device, given one by <c>PUT</c>, taken by a server or a router) becomes
/// ACTIVE: it stays DOWN for <see cref="Polls"/> reads of the port (<c>GET</c> of it) or <see cref="Seconds"/> of the service's
/// clock (both: whichever comes first), then is ACTIVE. Floating IPs pointing at it follow it.
/// </summary>
public sealed record PortActiveBehaviour(int? Polls, int? Seconds);

/// <summary>
/// A rule fired on one request: the request got the rule's answer (or its delay) instead of, or before, the endpoint.
/// Appended with the faulted request's id as correlation id, so <c>/history/requests/{id}</c> explains the answer.
/// </summary>
/// <param name="Path">The path as the client sent it (a compute prefix <c>/v2/{tenant}</c> included).</param>
/// <param name="Status">The status answered; null when the rule only delayed the request and let it through, or dropped it.</param>
/// <param name="DelayMs">The delay this firing waited (the rule's delay plus this firing's jitter).</param>
/// <param name="AfterWrite">Fired after the endpoint's write committed: the events of the same request id are the write the
/// client was not told about.</param>
public sealed record FaultInjected(Guid RuleId, string TenantId, string Method, string Path, int? Status, int? DelayMs, string RequestId,
    DateTimeOffset At, bool AfterWrite = false, bool Dropped = false);

/// <summary>The rule stopped applying (deleted on its own, or with all of its tenant's rules).</summary>
public sealed record FaultRuleRemoved(Guid RuleId, string TenantId, string By, DateTimeOffset At);

/// <summary>
/// A fault rule, immutable: one stream per rule (added, each firing, removed), stored as an inline snapshot that the admin
/// routes and the per-instance rule cache read. A removed rule keeps its snapshot, so a past run can still be explained.
/// </summary>
public sealed record FaultRule(Guid Id, string TenantId, string? Method, string Path, int? Count, double? Probability, int? Status,
    string? Body, int? RetryAfter, int? DelayMs, int Fired, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastFiredAt,
    DateTimeOffset? RemovedAt, string? RemovedBy, bool AfterWrite = false, bool Drop = false, int? JitterMs = null, BuildBehaviour? Build = null,
    PortActiveBehaviour? PortActive = null)
{
    /// <summary>A lifecycle rule shapes what the request makes instead of answering it.</summary>
    public bool IsLifecycle => Build is not null || PortActive is not null;

    /// <summary>How many more requests a counted rule will fail; null when the rule is not counted.</summary>
    public int? Remaining => Count is { } count ? Math.Max(0, count - Fired) : null;

    /// <summary>Still able to fire: not removed, and not a counted rule that has used up its count.</summary>
    public bool IsActive => RemovedAt is null && Remaining is not 0;

    public static FaultRule Create(FaultRuleAdded e) => new(e.RuleId, e.TenantId, e.Method, e.Path, e.Count, e.Probability, e.Status,
        e.Body, e.RetryAfter, e.DelayMs, 0, e.At, e.By, null, null, null, e.AfterWrite, e.Drop, e.JitterMs, e.Build, e.PortActive);

    public FaultRule Apply(FaultInjected e) => this with { Fired = Fired + 1, LastFiredAt = e.At };

    public FaultRule Apply(FaultRuleRemoved e) => this with { RemovedAt = e.At, RemovedBy = e.By };
}
