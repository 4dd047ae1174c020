namespace CloudNet.Compute.Limits;

/// <summary>
/// The <c>Limits</c> configuration section: Rackspace's rate limits and absolute limits. Off by default
/// (<c>Limits__Enabled=true</c> switches enforcement on): people run their tooling against this service many
/// times a day. <c>GET /limits</c> reports them either way.
/// </summary>
public sealed class LimitsOptions
{
    public bool Enabled { get; set; }

    /// <summary>The rate limits; appsettings.json carries Rackspace's defaults.</summary>
    public List<RateLimitOptions> Rates { get; set; } = [];

    /// <summary>Rackspace: 10 isolated networks per account when Cloud Networks is enabled.</summary>
    public int MaxTotalPrivateNetworks { get; set; } = 10;
}

/// <summary>One rate limit as Rackspace lists it: <c>POST /servers/{id}/os-virtual-interfacesv2</c>, 4 per MINUTE.</summary>
public sealed class RateLimitOptions
{
    /// <summary>GET, POST, PUT or DELETE.</summary>
    public string Verb { get; set; } = "";

    /// <summary>The human-readable form (<c>*</c>, <c>/servers/{id}/os-virtual-interfacesv2</c>).</summary>
    public string Uri { get; set; } = "";

    /// <summary>Matched against the path after the <c>/v2/{tenant}</c> prefix; derived from <see cref="Uri"/> when absent.</summary>
    public string? Regex { get; set; }

    public int Value { get; set; }

    /// <summary>MINUTE, HOUR or DAY.</summary>
    public string Unit { get; set; } = "MINUTE";
}
