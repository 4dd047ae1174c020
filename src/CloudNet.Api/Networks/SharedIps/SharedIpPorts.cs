using CloudNet.Compute.Servers;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks.SharedIps;

public static class SharedIpPorts
{
    /// <summary>
    /// The caller's server ports on the network named by port ids or by device (server) ids; 404 when any of
    /// them is not found there, as quark answers.
    /// </summary>
    public static async Task<IReadOnlyList<SharedIpPort>> ResolveAsync(IQuerySession session, Caller caller, Guid networkId,
        IReadOnlyList<string> portIds, IReadOnlyList<string> deviceIds, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var onNetwork = (await session.Query<Server>().Where(s => s.TenantId == tenant).ToListAsync(ct))
            .SelectMany(s => s.Ports.Where(p => p.NetworkId == networkId).Select(p => new SharedIpPort(p.PortId, s.Id)))
            .ToList();
        var found = new List<SharedIpPort>();
        // A JSON null among the ids names nothing, like an id that is not there.
        foreach (var id in portIds)
            found.Add(onNetwork.FirstOrDefault(p => string.Equals(p.PortId.ToString(), id, StringComparison.OrdinalIgnoreCase)) ?? throw Missing());
        foreach (var id in deviceIds)
            found.Add(onNetwork.FirstOrDefault(p => string.Equals(p.DeviceId.ToString(), id, StringComparison.OrdinalIgnoreCase)) ?? throw Missing());
        return found.DistinctBy(p => p.PortId).ToList();
    }

    static Errors.Rejection Missing() =>
        Errors.Rejection.NotFound("Not all ports or devices from request could be found on the network.", "PortNotFoundOnNetwork");
}
