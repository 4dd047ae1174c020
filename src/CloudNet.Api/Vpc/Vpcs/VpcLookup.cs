using CloudNet.Errors;
using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Vpc.Vpcs;

public static class VpcLookup
{
    /// <summary>The caller's VPC fetched for writing (a concurrent change fails the commit); another project's answers as a
    /// missing one, in the words of the API asking (v1's <c>VPC.0003</c>, v3's <c>VPC.9904</c>).</summary>
    public static async Task<(Vpc Vpc, IEventStream<Vpc> Stream)> ForWritingAsync(IDocumentSession session, string vpcId, Caller caller,
        CancellationToken ct, Func<string, Rejection>? notFound = null)
    {
        notFound ??= VpcRules.NotFound;
        if (!Guid.TryParse(vpcId, out var id)) throw notFound(vpcId);
        var stream = await session.Events.FetchForWriting<Vpc>(id, ct);
        return stream.Aggregate is { } vpc && vpc.TenantId == caller.TenantId ? (vpc, stream) : throw notFound(vpcId);
    }
}
