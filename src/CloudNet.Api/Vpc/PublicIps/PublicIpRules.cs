using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Vpc.PublicIps;

public sealed record PublicIpBody(
    string? Type,
    [property: JsonPropertyName("ip_version")] int? IpVersion,
    string? Alias,
    [property: JsonPropertyName("ip_address")] string? IpAddress);

public sealed record BandwidthBody(
    string? Name,
    int? Size,
    string? Id,
    [property: JsonPropertyName("share_type")] string? ShareType,
    [property: JsonPropertyName("charge_mode")] string? ChargeMode);

/// <summary>What an apply asks for, checked: the type (its pool), the requested address if any, the name and the bandwidth.</summary>
public sealed record PublicIpRequest(string Type, IPAddress? Address, string Alias, string BandwidthName, int BandwidthSize, string ChargeMode);

/// <summary>Huawei's EIP rules as pure functions, with its codes.</summary>
public static partial class PublicIpRules
{
    public const int MaxBandwidthSize = 2000;

    /// <summary>An apply (<c>{"publicip":{"type",…},"bandwidth":{"name","size","share_type"}}</c>): a known type, IPv4, a dedicated
    /// (<c>PER</c>) bandwidth with a name and a size; shared (<c>WHOLE</c>) bandwidths are not kept by this service.</summary>
    public static PublicIpRequest Apply(PublicIpBody? publicIp, BandwidthBody? bandwidth, string? enterpriseProjectId,
        IReadOnlyCollection<string> types)
    {
        if (publicIp is null) throw PublicIpErrors.Invalid("publicip is required: {\"publicip\":{\"type\"},\"bandwidth\":{…}}.");
        if (bandwidth is null) throw PublicIpErrors.InvalidBandwidth("bandwidth is required: {\"name\",\"size\",\"share_type\"}.");
        if (string.IsNullOrEmpty(publicIp.Type) || !types.Contains(publicIp.Type))
            throw PublicIpErrors.Invalid($"publicip type '{publicIp.Type}' is invalid: one of {string.Join(", ", types)}.");
        if (publicIp.IpVersion is not (null or 4)) throw PublicIpErrors.Invalid($"ip_version {publicIp.IpVersion} is invalid: this service has IPv4 EIPs.");
        if (enterpriseProjectId is not (null or "" or "0"))
            throw PublicIpErrors.Invalid($"enterprise_project_id '{enterpriseProjectId}' is invalid: this service has the default enterprise project (0) only.");
        IPAddress? address = null;
        if (publicIp.IpAddress is { Length: > 0 } text && !IpText.TryParseAddress(text, out address))
            throw PublicIpErrors.Invalid($"ip_address '{text}' is not an IP address.");

        if (bandwidth.ShareType != "PER")
            throw PublicIpErrors.InvalidBandwidth(bandwidth.ShareType == "WHOLE"
                ? "Bandwidth share_type WHOLE is invalid: this service keeps no shared bandwidths; use PER."
                : $"Bandwidth share_type '{bandwidth.ShareType}' is invalid: PER.");
        if (bandwidth.Name is null || !NamePattern().IsMatch(bandwidth.Name))
            throw PublicIpErrors.InvalidBandwidth($"Bandwidth name '{bandwidth.Name}' is invalid: 1 to 64 letters, digits, '_', '-' or '.'.");
        if (bandwidth.Size is not { } size || size < 1 || size > MaxBandwidthSize)
            throw PublicIpErrors.InvalidBandwidth($"Bandwidth size {bandwidth.Size} is invalid: 1 to {MaxBandwidthSize} Mbit/s.");
        if (bandwidth.ChargeMode is not (null or "bandwidth" or "traffic"))
            throw PublicIpErrors.InvalidBandwidth($"Bandwidth charge_mode '{bandwidth.ChargeMode}' is invalid: bandwidth or traffic.");
        return new PublicIpRequest(publicIp.Type, address, Alias(publicIp.Alias), bandwidth.Name, size, bandwidth.ChargeMode ?? "bandwidth");
    }

    /// <summary>An EIP's name: empty, or 1 to 64 letters, digits, '_', '-' or '.'.</summary>
    public static string Alias(string? alias) =>
        string.IsNullOrEmpty(alias) ? "" : NamePattern().IsMatch(alias) ? alias : throw PublicIpErrors.Invalid($"alias '{alias}' is invalid: 1 to 64 letters, digits, '_', '-' or '.'.");

    public static PublicIpApplied Applied(Guid id, PublicIpRequest request, Caller caller, DateTimeOffset now) =>
        new(id, request.Type, request.Alias, new PublicIpBandwidth(request.BandwidthName, request.BandwidthSize, "PER", request.ChargeMode),
            caller.UserName, now);

    /// <summary>Binding to <paramref name="portId"/>: nothing to do when it is bound there already; Huawei refuses to move a bound
    /// EIP to another port (unbind it first).</summary>
    public static bool NeedsBinding(PublicIp ip, Guid portId) =>
        ip.PortId == portId ? false : ip.IsBound ? throw PublicIpErrors.AlreadyBound(ip) : true;

    public static Errors.Rejection? RefuseRelease(PublicIp ip) => ip.IsBound ? PublicIpErrors.BoundOnRelease(ip) : null;

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex NamePattern();
}
