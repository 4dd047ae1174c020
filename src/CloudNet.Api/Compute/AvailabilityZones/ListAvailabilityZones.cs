using CloudNet.Errors;
using CloudNet.Identity;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace CloudNet.Compute.AvailabilityZones;

/// <summary>
/// <c>GET /os-availability-zone</c>: the one configured zone, available. <c>/detail</c> adds the hosts and their services,
/// and is an admin's, as nova's default policy has it (openstackclient falls back to the plain list on the 403).
/// </summary>
public static class ListAvailabilityZonesEndpoint
{
    [WolverineGet("/os-availability-zone", OperationId = "ListAvailabilityZones")]
    [Tags("Compute: availability zones")]
    public static IResult List(IOptions<AvailabilityZoneOptions> zone) => Results.Json(new
    {
        availabilityZoneInfo = new[] { new { zoneName = zone.Value.Name, zoneState = new { available = true }, hosts = (object?)null } },
    });

    [WolverineGet("/os-availability-zone/detail", OperationId = "ListAvailabilityZonesDetail")]
    [Tags("Compute: availability zones")]
    public static IResult Detail(Caller caller, IOptions<AvailabilityZoneOptions> zone, TimeProvider clock)
    {
        if (!caller.IsAdmin)
            throw Rejection.Forbidden("Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.");
        var updated = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
        object Service() => new { available = true, active = true, updated_at = updated };
        return Results.Json(new
        {
            availabilityZoneInfo = new object[]
            {
                new
                {
                    zoneName = "internal",
                    zoneState = new { available = true },
                    hosts = new Dictionary<string, object> { [zone.Value.Host] = new Dictionary<string, object> { ["nova-conductor"] = Service(), ["nova-scheduler"] = Service() } },
                },
                new
                {
                    zoneName = zone.Value.Name,
                    zoneState = new { available = true },
                    hosts = new Dictionary<string, object> { [zone.Value.Host] = new Dictionary<string, object> { ["nova-compute"] = Service() } },
                },
            },
        });
    }
}
