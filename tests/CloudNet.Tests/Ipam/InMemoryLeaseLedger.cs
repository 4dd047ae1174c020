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

    public IReadOnlyDictionary<(string Scope, IPAddress Address), (Guid Holder, string Tenant)> Leases
    {
        get { lock (_gate) return new Dictionary<(string, IPAddress), (Guid, string)>(_leases); }
    }

    public Task<ReleasedLease> LeaseReleasedAsync(string scope, AddressBlock block, Guid holderId, string tenantId, CancellationToken ct)
    {
        lock (_gate)
        {
            var lowest = _released.TryGetValue(scope, out var set) ? set.FirstOrDefault(block.InPools) : null;
            if (lowest is null) return Task.FromResult(default(ReleasedLease));
            set!.Remove(lowest);
            return Task.FromResult(new ReleasedLease(lowest, _leases.TryAdd((scope, lowest), (holderId, tenantId))));
        }
    }

    public Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_leases.Keys.Any(k => scopes.Contains(k.Scope)));
    }

    public Task<CursorStep> AdvanceCursorAsync(string scope, AddressBlock block, CancellationToken ct)
    {
        lock (_gate)
        {
            CursorSteps++;
            var next = _cursors.GetValueOrDefault(scope);
            if (next >= block.Capacity) return Task.FromResult(new CursorStep(false, null));
            _cursors[scope] = next + 1;
            var passed = block.AddressAt(next);
            var listed = !block.Reserved.Contains(passed) && Released(scope).Add(passed);
            return Task.FromResult(new CursorStep(true, listed ? passed : null));
        }
    }

    public Task ResetCursorAsync(string scope, CancellationToken ct)
    {
        lock (_gate) _cursors[scope] = 0;
        return Task.CompletedTask;
    }

    public Task<ReleasedLease> LeaseListedAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!Released(scope).Remove(address)) return Task.FromResult(default(ReleasedLease));
            return Task.FromResult(new ReleasedLease(address, _leases.TryAdd((scope, address), (holderId, tenantId))));
        }
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
