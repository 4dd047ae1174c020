using CloudNet.Errors;

namespace CloudNet.Compute.AvailabilityZones;

/// <summary>The <c>AvailabilityZone</c> configuration section: the one zone every server is in, and the host that serves it.</summary>
public sealed class AvailabilityZoneOptions
{
    public const string Default = "nova";

    public string Name { get; set; } = Default;
    public string Host { get; set; } = "cloudnet";
}

public static class AvailabilityZoneRules
{
    /// <summary>
    /// Pure: the zone a new server is in. Nova's <c>zone</c>, <c>zone:host</c> and <c>zone:host:node</c> all name a zone
    /// (the host parts are for admins placing a server; there is one host here); any other zone is nova's 400.
    /// </summary>
    public static string ZoneFor(string? requested, AvailabilityZoneOptions zone)
    {
        if (requested is null) return zone.Name;
        var parts = requested.Split(':');
        var named = parts[0].Length == 0 ? zone.Name : parts[0];
        if (named != zone.Name || parts.Length > 3 || (parts.Length > 1 && parts[1].Length > 0 && parts[1] != zone.Host))
            throw Rejection.BadRequest("The requested availability zone is not available");
        return zone.Name;
    }
}
