using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Networks;

/// <summary>Ids derived from a name (RFC 9562 version 5 layout over SHA-256): the same name gives the same id in
/// every deployment, so well-known subnets and per-address streams need no lookup table.</summary>
public static class NameBasedIds
{
    public static Guid Of(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
