using System.Text.Json;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Creating;

public sealed record CreateNetwork(JsonElement? Network);

/// <summary><c>POST /v2.0/networks</c>: a tenant network with every attribute Neutron lets a create set, without subnets until
/// some are created.</summary>
public static class CreateNetworkEndpoint
{
    static readonly string[] Accepted = [.. NetworkChanges.Attributes, "availability_zone_hints", "tenant_id", "project_id", "segments",
        "provider:network_type", "provider:physical_network", "provider:segmentation_id", "qos_policy_id", "is_default"];

    [WolverinePost("/v2.0/networks", OperationId = "CreateNetwork")]
    [Tags("Networks")]
    public static async Task<IResult> Post(CreateNetwork? command, Caller caller, IDocumentSession session, QuotaLimits limits, DateTimeOffset now,
        CancellationToken ct)
    {
        var body = NeutronBody.Of("network", command?.Network, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        // Provider attributes describe the physical fabric, which this service does not have: refused rather than dropped.
        if (new[] { "segments", "provider:network_type", "provider:physical_network", "provider:segmentation_id", "qos_policy_id" }
                .FirstOrDefault(a => body.Raw(a) is { ValueKind: not JsonValueKind.Null }) is { } unsupported)
            throw NeutronBody.Bad("network", $"'{unsupported}' is not supported by this service");
        if (body.Bool("is_default") == true) throw NeutronBody.Bad("network", "'is_default' is not supported by this service");

        var id = caller.NewId();
        var created = NetworkRules.Create(id, NetworkChanges.From(body), caller, now);
        // Neutron makes the project's default security group with its first network.
        await DefaultSecurityGroup.EnsureAsync(session, caller, now, ct);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Network, [created.NetworkId], NeutronQuotaErrors.OverQuota(QuotaResources.Network));
        session.Events.StartStream<Network>(NetworkKeys.StreamId(id), created);
        return Results.Json(new { network = NeutronJson.Network(Network.Create(created)) }, statusCode: 201);
    }
}
