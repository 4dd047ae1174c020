namespace CloudNet.Vpc.PrivateIps;

/// <summary>A private IP was assigned on a VPC subnet (which is a network: seed 002's "Network ID").</summary>
public sealed record PrivateIpAssigned(Guid PrivateIpId, string TenantId, Guid NetworkId, Guid SubnetId, string Address, string By, DateTimeOffset At);

public sealed record PrivateIpReleased(Guid PrivateIpId, Guid NetworkId, Guid SubnetId, string Address, string By, DateTimeOffset At);

/// <summary>
/// A Huawei VPC private IP: one stream each, stored as an inline snapshot that the GETs load. A released
/// one leaves the snapshot; its stream remains. Assigned IPs are unbound (<c>DOWN</c>, no device owner).
/// </summary>
public sealed record PrivateIp(Guid Id, string TenantId, Guid NetworkId, Guid SubnetId, string Address, string DeviceOwner, DateTimeOffset CreatedAt)
{
    public string Status => DeviceOwner.Length == 0 ? "DOWN" : "ACTIVE";

    public static PrivateIp Create(PrivateIpAssigned e) => new(e.PrivateIpId, e.TenantId, e.NetworkId, e.SubnetId, e.Address, "", e.At);

    public bool ShouldDelete(PrivateIpReleased e) => true;
}
