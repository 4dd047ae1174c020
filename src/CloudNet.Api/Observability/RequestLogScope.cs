using System.Collections;
using CloudNet.Identity;

namespace CloudNet.Observability;

/// <summary>
/// The logging scope of a request: its id, tenant and route, read when a line is written, so that lines logged after
/// authentication and routing carry the tenant and route too (a JSON console line lists them under <c>Scopes</c>).
/// Nothing here is a credential: the tenant is an id, the route a pattern (or, before routing, the path).
/// </summary>
public sealed class RequestLogScope(HttpContext context, string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("TenantId", context.Features.Get<Caller>()?.TenantId),
        2 => new("Route", Route()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    string Route() => context.GetEndpoint() is RouteEndpoint endpoint
        ? endpoint.RoutePattern.RawText ?? context.Request.Path.Value ?? ""
        : context.Request.Path.Value ?? "";

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId}";
}
