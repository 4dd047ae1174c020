using System.Security.Cryptography;

namespace CloudNet.Networks;

/// <summary>
/// MAC addresses for ports and virtual interfaces: Neutron's default base <c>FA:16:3E</c>, a locally
/// administered prefix (bit 1 of the first octet set), so they never clash with a vendor's address.
/// </summary>
public static class MacAddresses
{
    public const string Prefix = "FA:16:3E";

    public static string New()
    {
        Span<byte> tail = stackalloc byte[3];
        RandomNumberGenerator.Fill(tail);
        return $"{Prefix}:{tail[0]:X2}:{tail[1]:X2}:{tail[2]:X2}";
    }
}
