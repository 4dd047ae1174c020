using System.Net;
using CloudNet.Ipam;

namespace CloudNet.Tests.Ipam;

/// <summary>
/// Test double with the semantics of <see cref="PostgresLeaseLedger"/>, minus transactions: every call
/// is atomic and immediately visible, as if each ran in its own committed transaction.
/// </summary>
internal sealed class InMemoryLeaseLedger : ILeaseLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _cursors = [];
    private readonly Dictionary<string, SortedSet<IPAddress>> _released = [];
    private readonly Dictionary<(string Scope, IPAddress Address), (Guid Holder, string Tenant)> _leases = [];

    public int CursorSteps { get; private set; }

    private readonly Dictionary<string, SortedDictionary<IPAddress, Guid>> _reserved = [];

    public IReadOnlyDictionary<(string Scope, IPAddress Address), (Guid Holder, string Tenant)> Leases
    {
        get { lock (_gate) return new Dictionary<(string, IPAddress), (Guid, string)>(_leases); }
    }

    public Task<TakenLease> LeaseNextAsync(string scope, AddressBlock block, Guid owner, bool anyOwner, Guid holderId, string tenantId,
        CancellationToken ct)
    {
        lock (_gate)
        {
            var lowest = _released.TryGetValue(scope, out var set) ? set.FirstOrDefault(block.InPools) : null;
            if (lowest is not null)
            {
                set!.Remove(lowest);
                return Task.FromResult(new TakenLease(lowest, _leases.TryAdd((scope, lowest), (holderId, tenantId)), false));
            }
            var mine = Reserved(scope).FirstOrDefault(r => (anyOwner || r.Value == owner) && block.InPools(r.Key)).Key;
            if (mine is null) return Task.FromResult(default(TakenLease));
            Reserved(scope).Remove(mine);
            return Task.FromResult(new TakenLease(mine, _leases.TryAdd((scope, mine), (holderId, tenantId)), true));
        }
    }

    public Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_leases.Keys.Any(k => scopes.Contains(k.Scope)));
    }

    public Task<ReservationStep> ReserveAsync(string scope, AddressBlock block, Guid owner, CancellationToken ct)
    {
        lock (_gate)
        {
            CursorSteps++;
            var step = ILeaseLedger.ReservationSize(block);
            var next = _cursors.GetValueOrDefault(scope);
            if (next >= block.Capacity) return Task.FromResult(new ReservationStep(false, 0));
            var upto = Math.Min(block.Capacity, (next / step + 1) * step);
            _cursors[scope] = upto;
            var reserved = 0;
            for (var offset = (upto - 1) / step * step; offset < upto; offset++)
            {
                var passed = block.AddressAt(offset);
                if (!block.Reserved.Contains(passed) && Reserved(scope).TryAdd(passed, owner)) reserved++;
            }
            return Task.FromResult(new ReservationStep(true, reserved));
        }
    }

    public Task ResetCursorAsync(string scope, CancellationToken ct)
    {
        lock (_gate)
        {
            _cursors[scope] = 0;
            Reserved(scope).Clear();
        }
        return Task.CompletedTask;
    }

    public Task<bool> TryLeaseAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_leases.TryAdd((scope, address), (holderId, tenantId)));
    }

    public Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue((scope, address), out var lease) || lease.Holder != holderId)
                return Task.FromResult(false);
            _leases.Remove((scope, address));
            Released(scope).Add(address);
            return Task.FromResult(true);
        }
    }

    private SortedDictionary<IPAddress, Guid> Reserved(string scope) =>
        _reserved.TryGetValue(scope, out var set) ? set : _reserved[scope] = new SortedDictionary<IPAddress, Guid>(InetOrder.Instance);

    private SortedSet<IPAddress> Released(string scope) =>
        _released.TryGetValue(scope, out var set) ? set : _released[scope] = new SortedSet<IPAddress>(InetOrder.Instance);

    /// <summary>PostgreSQL's inet ordering for host addresses: IPv4 before IPv6, then by bytes.</summary>
    private sealed class InetOrder : IComparer<IPAddress>
    {
        public static readonly InetOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y)
        {
            var a = x!.GetAddressBytes();
            var b = y!.GetAddressBytes();
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        }
    }
}
