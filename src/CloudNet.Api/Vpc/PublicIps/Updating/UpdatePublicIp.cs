using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PublicIps.Updating;

public sealed record UpdatePublicIp(JsonElement? Publicip);

/// <summary>
/// <c>PUT /v1/{project_id}/publicips/{publicip_id}</c>: 200 and the EIP. <c>port_id</c> binds it to that port, <c>port_id</c> null (or
/// empty) unbinds it, no <c>port_id</c> leaves it as it is; <c>alias</c> renames it. Binding is Neutron's association of a floating IP
/// with a port (and nova's <c>addFloatingIp</c> when a server holds the port), so all three views show it; a bound EIP must be unbound
/// before it goes to another port (<c>VPC.0510</c>), and a port takes one EIP (<c>VPC.0511</c>).
/// </summary>
public static class UpdatePublicIpEndpoint
{
    [WolverinePut("/v1/{projectId}/publicips/{publicipId}", OperationId = "UpdatePublicIp")]
    [Tags("VPC: EIPs")]
    public static async Task<IResult> Put(string projectId, string publicipId, UpdatePublicIp? command, Caller caller, IDocumentSession session,
        PublicIpTypes types, DateTimeOffset now, CancellationToken ct)
    {
        var (portGiven, portId, alias) = Read(command?.Publicip);
        var (ip, stream, view) = await PublicIpLookup.ForWritingAsync(session, publicipId, caller, ct);

        var events = new List<object>();
        if (portGiven && (portId is null ? ip.IsAssociated : PublicIpRules.NeedsBinding(view, portId.Value)))
        {
            var target = portId is { } port ? await InHuaweiTermsAsync(() => PortAssociation.ResolveAsync(session, port, null, caller, ct), port) : null;
            events.AddRange(await InHuaweiTermsAsync(() =>
                PortAssociation.PointAsync(session, ip, target, FloatingIpPool.NetworkIdOf(ip.Pool), caller, now, ct), portId));
        }
        if (alias is not null && alias != view.Alias) events.Add(new PublicIpAliasChanged(ip.Id, alias, caller.UserName, now));
        if (events.Count > 0) stream.AppendMany(events);
        return Results.Json(new { publicip = await PublicIpLookup.JsonAsync(session, view.After(events), types, ct) });
    }

    /// <summary>The body: whether <c>port_id</c> was given (and which port, null to unbind), and the new <c>alias</c>.</summary>
    static (bool PortGiven, Guid? PortId, string? Alias) Read(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } publicIp) throw PublicIpErrors.Invalid("publicip is required: {\"publicip\":{\"port_id\"}}.");
        var portGiven = publicIp.TryGetProperty("port_id", out var port);
        Guid? portId = null;
        if (portGiven && port.ValueKind != JsonValueKind.Null && !(port.ValueKind == JsonValueKind.String && port.GetString() == ""))
            portId = port.ValueKind == JsonValueKind.String && Guid.TryParse(port.GetString(), out var id)
                ? id
                : throw PublicIpErrors.Invalid($"Port id is invalid: {port.GetRawText()}.");
        string? alias = null;
        if (publicIp.TryGetProperty("alias", out var name) && name.ValueKind != JsonValueKind.Null)
            alias = name.ValueKind == JsonValueKind.String ? PublicIpRules.Alias(name.GetString()) : throw PublicIpErrors.Invalid("alias must be a string.");
        if (publicIp.TryGetProperty("ip_version", out var version) && version.ValueKind != JsonValueKind.Null
            && !(version.ValueKind == JsonValueKind.Number && version.GetRawText() == "4"))
            throw PublicIpErrors.Invalid($"ip_version {version.GetRawText()} is invalid: this service has IPv4 EIPs.");
        return (portGiven, portId, alias);
    }

    /// <summary>Neutron's association rules, their refusals in Huawei's codes: a port that is not the caller's, or has no address to
    /// map to, is an invalid port id (<c>VPC.0501</c>); a port that has an EIP already is <c>VPC.0511</c>.</summary>
    static async Task<T> InHuaweiTermsAsync<T>(Func<Task<T>> association, Guid? portId)
    {
        try
        {
            return await association();
        }
        catch (Rejection e) when (e.Code is null || !e.Code.StartsWith("VPC.", StringComparison.Ordinal))
        {
            throw e.Code == "FloatingIPPortAlreadyAssociated"
                ? PublicIpErrors.PortAlreadyBound(portId?.ToString() ?? "", e.Message)
                : e.Kind is RejectionKind.NotFound or RejectionKind.BadRequest
                    ? PublicIpErrors.Invalid($"Port id is invalid: {e.Message}")
                    : new Rejection(e.Kind, e.Message);
        }
    }
}
