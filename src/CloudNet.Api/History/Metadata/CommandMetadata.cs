using CloudNet.Identity;
using Marten;

namespace CloudNet.History.Metadata;

/// <summary>
/// Stamps the events of every command with what history needs to explain them later. Wolverine already puts
/// the request id in the correlation id and the user in user_name; this adds the command's name as the
/// causation id and the caller's tenant as a header. Runs as Wolverine middleware before every endpoint that
/// writes, on the same session the endpoint appends to.
/// </summary>
public static class CommandMetadata
{
    public const string TenantHeader = "tenant";

    public static void Before(HttpContext context, IDocumentSession session)
    {
        session.CausationId = CommandName(context);
        if (context.Features.Get<Caller>() is { } caller) session.SetHeader(TenantHeader, caller.TenantId);
    }

    /// <summary>The endpoint's operation id (<c>AllocateFloatingIp</c>), as the OpenAPI document names it.</summary>
    public static string CommandName(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}";

    public static bool Writes(Wolverine.Http.HttpChain chain) =>
        chain.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m));
}
