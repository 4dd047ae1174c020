using CloudNet.Identity;
using Marten;

namespace CloudNet.History.Metadata;

/// <summary>
/// Stamps the events of every command with what history needs to explain them later. Wolverine already puts
/// the request id in the correlation id and the user in user_name; this adds the command's name and the caller's
/// tenant, each as a header of its own. The causation id stays Wolverine's: the message that caused the events (none
/// for an HTTP request). Runs as Wolverine middleware before every endpoint that writes, on the same session the
/// endpoint appends to.
/// </summary>
/// <remarks>
/// Logs written before the command had its header carry it in the causation id: <see cref="Read"/> reads either, so
/// such a log (an import, or a database from before) shows its commands as it did.
/// </remarks>
public static class CommandMetadata
{
    public const string TenantHeader = "tenant";
    public const string CommandHeader = "command";

    public static void Before(HttpContext context, IDocumentSession session)
    {
        Name(session, CommandName(context));
        if (context.Features.Get<Caller>() is { } caller) session.SetHeader(TenantHeader, caller.TenantId);
    }

    /// <summary>Names the command the session's events come from (a later call replaces an earlier one).</summary>
    public static void Name(IDocumentSession session, string command) => session.SetHeader(CommandHeader, command);

    /// <summary>The command an event came from: its header, or, in logs written before there was one, the causation id.</summary>
    public static string? Read(System.Text.Json.Nodes.JsonNode? headers, string? causationId) =>
        headers?[CommandHeader]?.GetValue<string>() ?? causationId;

    /// <summary>The endpoint's operation id (<c>AllocateFloatingIp</c>), as the OpenAPI document names it.</summary>
    public static string CommandName(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}";

    public static bool Writes(Wolverine.Http.HttpChain chain) =>
        chain.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m));
}
