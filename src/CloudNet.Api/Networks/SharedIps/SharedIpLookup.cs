using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.SharedIps;

public static class SharedIpLookup
{
    /// <summary>The caller's IP address, fetched for writing: a concurrent change to it fails this commit.</summary>
    public static async Task<(SharedIp Ip, IEventStream<SharedIp> Stream)> ForWritingAsync(IDocumentSession session, string id,
        Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid)) throw SharedIpRules.NotFound(id);
        var stream = await session.Events.FetchForWriting<SharedIp>(guid, ct);
        return (SharedIpRules.Visible(stream.Aggregate, id, caller), stream);
    }
}
