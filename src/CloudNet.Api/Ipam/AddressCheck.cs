namespace CloudNet.Ipam;

/// <summary>Why an address can or cannot be handed out from an <see cref="AddressBlock"/>.</summary>
public enum AddressCheck
{
    Usable,
    OutsideBlock,
    /// <summary>IPv4 network address, or the IPv6 subnet-router anycast address (offset 0).</summary>
    NetworkAddress,
    BroadcastAddress,
    Gateway,
}
