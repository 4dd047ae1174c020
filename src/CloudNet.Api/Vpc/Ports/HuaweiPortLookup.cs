using CloudNet.Identity;
using CloudNet.Networks.Ports;
using JasperFx.Events;
using Marten;

namespace CloudNet.Vpc.Ports;

public static class HuaweiPortLookup
{
    /// <summary>The caller's port; another project's answers exactly as a missing one (<c>VPC.0704</c>).</summary>
    public static async Task<Port> VisibleAsync(IQuerySession session, string portId, Caller caller, CancellationToken ct)
    {
        var port = Guid.TryParse(portId, out var id) ? await session.LoadAsync<Port>(id, ct) : null;
        return port is not null && port.TenantId == caller.TenantId ? port : throw HuaweiPortErrors.NotFound(portId);
    }

    /// <summary>The caller's port with its stream row locked until commit, as Neutron's port changes take it.</summary>
    public static async Task<(Port Port, IEventStream<Port> Stream)> ForExclusiveWritingAsync(IDocumentSession session, string portId,
        Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(portId, out var id)) throw HuaweiPortErrors.NotFound(portId);
        try
        {
            return await PortLookup.ForExclusiveWritingAsync(session, id, caller, ct);
        }
        catch (Errors.Rejection e) when (e.Kind == Errors.RejectionKind.NotFound)
        {
            throw HuaweiPortErrors.NotFound(portId);
        }
    }
}
