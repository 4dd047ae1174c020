using Marten;
using Marten.Services;
using SessionOptions = Marten.Services.SessionOptions;

namespace CloudNet.Replicas;

/// <summary>
/// Marten's sessions, as <c>UseLightweightSessions()</c> builds them, except that the first session of a request that
/// <see cref="ReadRouting"/> routed reads on the route's connection: a standby, or the primary past the bound. Every
/// endpoint's session comes from here (Wolverine asks this factory), so no endpoint knows about replicas. Writes never
/// get a route, so every write, every IPAM step and every uniqueness decision runs on the primary; the
/// <c>IDocumentStore</c> used directly (tokens, rate limits, fault rules, health) is the primary's as well.
/// </summary>
public sealed class ReadRoutingSessionFactory : SessionFactoryBase
{
    readonly IDocumentStore store;
    readonly IHttpContextAccessor http;

    public ReadRoutingSessionFactory(IDocumentStore store, IHttpContextAccessor http) : base(store)
    {
        this.store = store;
        this.http = http;
    }

    public override SessionOptions BuildOptions() =>
        http.HttpContext?.Features.Get<ReadRoute>()?.TakeConnection() is { } connection
            // An open connection: Marten reads on it and closes it with the session.
            ? SessionOptions.ForConnection(connection)
            : new SessionOptions { Tracking = DocumentTracking.None };

    public override IQuerySession QuerySession() => store.QuerySession(BuildOptions());
}
