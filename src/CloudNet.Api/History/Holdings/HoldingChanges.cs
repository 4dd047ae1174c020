using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Networks;
using Marten;

namespace CloudNet.History.Holdings;

/// <summary>
/// The intervals that a list of events opens and closes, in event order, written to <c>address_holdings</c> with at
/// most four set-based statements instead of one statement per event. The rows written are those that the
/// statements in event order (an insert per assignment, an <c>update … where … and to_at is null</c> per release)
/// would have left, and a list of events that one of those statements would have refused is refused too:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Releases of intervals opened before these events, each key once (a second release of an interval changed
/// nothing): one <c>update</c>. Only those that come before the first assignment of their address here; a later one
/// found its interval already closed, or that assignment would have failed (see 2), so it changes nothing either.</item>
/// <item>The first interval of each address assigned here, and any two intervals of one address that these events
/// hold open at the same time, inserted open: the unique index on open intervals checks them against the table (after
/// the releases of 1) and against each other exactly where the insert in event order was checked.</item>
/// <item>The intervals of 2 that these events also close: one <c>update</c>.</item>
/// <item>Every other interval, inserted as these events leave it (closed, or the one left open). By then no other
/// interval of its address is open but the one the events left open, if any.</item>
/// </list>
/// An interval assigned twice is inserted twice and refused by the primary key, as before. Releases of an interval
/// opened by these events are folded into its row (the first one; later ones changed nothing).
/// </remarks>
sealed class HoldingChanges
{
    readonly record struct AddressKey(Guid Network, string Address);

    readonly record struct IntervalKey(Guid Network, string Address, Guid Holder);

    sealed class Interval(Guid network, string address, Guid holder, string holderKind, Guid? device, string tenant, DateTimeOffset at,
        string? request, string? user)
    {
        public readonly Guid Network = network;
        public readonly string Address = address;
        public readonly Guid Holder = holder;
        public readonly string HolderKind = holderKind;
        public readonly Guid? Device = device;
        public readonly string Tenant = tenant;
        public readonly DateTimeOffset FromAt = at;
        public readonly string? FromRequest = request;
        public readonly string? FromUser = user;
        public bool InsertedOpen;
        public DateTimeOffset? ToAt;
        public string? ToRequest;
        public string? ToUser;
    }

    readonly record struct Release(Guid Network, string Address, Guid Holder, DateTimeOffset At, string? Request, string? User);

    readonly List<Interval> intervals = [];
    readonly Dictionary<IntervalKey, Interval> opened = [];
    readonly Dictionary<AddressKey, Interval> openNow = [];
    readonly HashSet<AddressKey> assigned = [];
    readonly List<Release> earlierReleases = [];
    readonly HashSet<IntervalKey> released = [];

    /// <summary>The event types that open or close an interval.</summary>
    public static readonly Type[] EventTypes =
        [typeof(FloatingIpAllocated), typeof(FloatingIpReleased), typeof(NetworkAddressAssigned), typeof(NetworkAddressReleased)];

    /// <summary>Adds what one event (its data, stream and metadata) does to the intervals, if anything.</summary>
    public void Add(object data, Guid streamId, DateTimeOffset timestamp, string? correlationId, string? userName)
    {
        switch (data)
        {
            case FloatingIpAllocated a:
                Open(PoolNetwork(a.Pool), a.Address, a.FloatingIpId, HolderKinds.FloatingIp, null, a.TenantId,
                    timestamp, correlationId, userName);
                break;
            case FloatingIpReleased r:
                Close(PoolNetwork(r.Pool), r.Address, r.FloatingIpId, timestamp, correlationId, userName);
                break;
            // Logs written before issue 18 hold these in the network's stream too: project them once, from the address's.
            case NetworkAddressAssigned a when streamId != NetworkKeys.StreamId(a.NetworkId):
                Open(a.NetworkId, a.Address, a.HolderId, a.HolderKind, a.DeviceId, a.TenantId, timestamp, correlationId, userName);
                break;
            case NetworkAddressReleased r when streamId != NetworkKeys.StreamId(r.NetworkId):
                Close(r.NetworkId, r.Address, r.HolderId, timestamp, correlationId, userName);
                break;
        }
    }

    readonly Dictionary<string, Guid> poolNetworks = [];

    // A name-based id is a hash: once per pool, not per event (it was 6 % of the replay's CPU); a log has a handful of pools.
    Guid PoolNetwork(string pool) =>
        poolNetworks.TryGetValue(pool, out var id) ? id : poolNetworks[pool] = FloatingIpPool.NetworkIdOf(pool);

    void Open(Guid network, string address, Guid holder, string holderKind, Guid? device, string tenant, DateTimeOffset timestamp,
        string? request, string? user)
    {
        var at = new AddressKey(network, Canonical(address));
        var interval = new Interval(network, address, holder, holderKind, device, tenant, timestamp, request, user);
        if (assigned.Add(at)) interval.InsertedOpen = true;
        if (openNow.TryGetValue(at, out var other))
        {
            other.InsertedOpen = true;
            interval.InsertedOpen = true;
        }
        openNow[at] = interval;
        opened[new IntervalKey(network, at.Address, holder)] = interval;
        intervals.Add(interval);
    }

    void Close(Guid network, string address, Guid holder, DateTimeOffset timestamp, string? request, string? user)
    {
        var at = new AddressKey(network, Canonical(address));
        var key = new IntervalKey(network, at.Address, holder);
        if (opened.TryGetValue(key, out var interval))
        {
            if (interval.ToAt is not null) return;
            interval.ToAt = timestamp;
            interval.ToRequest = request;
            interval.ToUser = user;
            if (openNow.TryGetValue(at, out var open) && open == interval) openNow.Remove(at);
            return;
        }
        if (assigned.Contains(at) || !released.Add(key)) return;
        earlierReleases.Add(new Release(network, address, holder, timestamp, request, user));
    }

    /// <summary>Queues the statements in a Marten session (the projection's inline and page-by-page path).</summary>
    public void Queue(IDocumentOperations operations, string table)
    {
        foreach (var (sql, parameters) in Statements(table)) operations.QueueSqlCommand(sql, parameters);
    }

    /// <summary>The statements, in the order they must run; <c>?</c> marks each parameter.</summary>
    public List<(string Sql, object[] Parameters)> Statements(string table)
    {
        var statements = new List<(string, object[])>();
        if (earlierReleases.Count > 0)
            statements.Add(Closing(table, earlierReleases, onlyOpen: true));

        var checkedOpen = intervals.Where(i => i.InsertedOpen).ToList();
        if (checkedOpen.Count > 0)
            statements.Add(Insert(table, checkedOpen, closed: false));

        var closedSince = checkedOpen.Where(i => i.ToAt is not null).ToList();
        if (closedSince.Count > 0)
            statements.Add(Closing(table,
                closedSince.Select(i => new Release(i.Network, i.Address, i.Holder, i.ToAt!.Value, i.ToRequest, i.ToUser)).ToList(),
                onlyOpen: false));

        var rest = intervals.Where(i => !i.InsertedOpen).ToList();
        if (rest.Count > 0)
            statements.Add(Insert(table, rest, closed: true));
        return statements;
    }

    /// <param name="onlyOpen">Whether to close only an interval still open (a release of an interval opened earlier).</param>
    static (string, object[]) Closing(string table, List<Release> closes, bool onlyOpen) => (
            $"update {table} as h set to_at = c.to_at, to_request = c.to_request, to_user = c.to_user " +
            "from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[]) " +
            "as c(network_id, address, holder_id, to_at, to_request, to_user) " +
            "where h.network_id = c.network_id and h.address = c.address::inet and h.holder_id = c.holder_id" +
            (onlyOpen ? " and h.to_at is null" : ""),
            [closes.Select(r => r.Network).ToArray(), closes.Select(r => r.Address).ToArray(), closes.Select(r => r.Holder).ToArray(),
            closes.Select(r => r.At).ToArray(), closes.Select(r => r.Request).ToArray(), closes.Select(r => r.User).ToArray()]);

    static (string, object[]) Insert(string table, List<Interval> rows, bool closed) => (
            $"insert into {table} (network_id, address, holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user, " +
            "to_at, to_request, to_user) " +
            "select network_id, address::inet, holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user, " +
            "to_at, to_request, to_user " +
            "from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], " +
            "?::timestamptz[], ?::text[], ?::text[]) " +
            "as r(network_id, address, holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user, to_at, to_request, to_user)",
            [rows.Select(i => i.Network).ToArray(), rows.Select(i => i.Address).ToArray(), rows.Select(i => i.Holder).ToArray(),
            rows.Select(i => i.HolderKind).ToArray(), rows.Select(i => i.Device).ToArray(), rows.Select(i => i.Tenant).ToArray(),
            rows.Select(i => i.FromAt).ToArray(), rows.Select(i => i.FromRequest).ToArray(), rows.Select(i => i.FromUser).ToArray(),
            rows.Select(i => closed ? i.ToAt : null).ToArray(), rows.Select(i => closed ? i.ToRequest : null).ToArray(),
            rows.Select(i => closed ? i.ToUser : null).ToArray()]);

    /// <summary>One spelling per address, as <c>inet</c> compares them (the events carry .NET's own spelling anyway).</summary>
    static string Canonical(string address) => IPAddress.TryParse(address, out var ip) ? ip.ToString() : address;
}
