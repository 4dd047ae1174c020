using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using JasperFx.Events;

namespace CloudNet.Compute.Servers;

public static class ServerLookup
{
    public static Rejection NotFound(string serverId) => Rejection.NotFound($"Instance {serverId} could not be found.");

    /// <summary>Pure: a server the caller may see. Another tenant's server answers exactly as a missing one.</summary>
    public static Server Visible(Server? server, string serverId, Caller caller) =>
        server is not null && server.TenantId == caller.TenantId ? server : throw NotFound(serverId);

    /// <summary>Route ids arrive as text so that a malformed id is a 404 in nova's format, not a routing miss.</summary>
    public static async Task<Server> VisibleAsync(IQuerySession session, string serverId, Caller caller, CancellationToken ct)
    {
        var server = Guid.TryParse(serverId, out var id) ? await session.LoadAsync<Server>(id, ct) : null;
        return Visible(server, serverId, caller);
    }

    /// <summary>The caller's server, fetched for writing: appending to it fails the commit if another
    /// request changed it in the meantime.</summary>
    public static async Task<(Server Server, IEventStream<Server> Stream)> ForWritingAsync(IDocumentSession session,
        string serverId, Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(serverId, out var id)) throw NotFound(serverId);
        var stream = await session.Events.FetchForWriting<Server>(id, ct);
        return (Visible(stream.Aggregate, serverId, caller), stream);
    }
}
