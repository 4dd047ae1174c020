using System.Text.Json;
using CloudNet.Identity;
using CloudNet.Networks.Ports;
using CloudNet.Networks.SecurityGroups;
using Marten;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Vpc.Ports.Updating;

public sealed record UpdateHuaweiPort(JsonElement? Port);

/// <summary>
/// <c>PUT /v1/{project_id}/ports/{port_id}</c>: 200 and the port. Huawei's writable fields (<c>name</c>, <c>security_groups</c>,
/// <c>allowed_address_pairs</c>, <c>extra_dhcp_opts</c>) change as one <see cref="PortUpdated"/>, under Neutron's rules for them,
/// so this is Neutron's port update seen through Huawei's API. Naming a private IP's address in <c>allowed_address_pairs</c> makes it
/// that port's virtual IP (<see cref="PrivateIps.PrivateIpUse"/>); taking it out frees it.
/// </summary>
public static class UpdateHuaweiPortEndpoint
{
    [WolverinePut("/v1/{projectId}/ports/{portId}", OperationId = "UpdateHuaweiPort")]
    [Tags("VPC: ports")]
    public static async Task<IResult> Put(string projectId, string portId, UpdateHuaweiPort? command, HttpContext context, Caller caller,
        IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var changes = HuaweiPortRequest.Update(command?.Port);
        var (port, stream) = await HuaweiPortLookup.ForExclusiveWritingAsync(session, portId, caller, ct);
        if (HuaweiPortErrors.InHuaweiTerms(() => PortRules.Update(port, changes, port.FixedIps.Count, caller, now)) is { } updated)
        {
            if (changes.SecurityGroups is not null)
                await HuaweiPortErrors.SecurityGroupsInHuaweiTermsAsync(async () =>
                {
                    await PortSecurityGroups.EnsureUsableAsync(session, updated.Attributes.SecurityGroups, caller, ct);
                    return true;
                });
            updated = PortActivating.Binding(updated, port, context);
            stream.AppendOne(updated);
            port = port.Apply(updated);
        }
        var domains = await PortLookup.DnsDomainsAsync(session, [port], ct);
        return Results.Json(new { port = HuaweiPortJson.From(port, domains.GetValueOrDefault(port.NetworkId)) });
    }
}
