using System.Security.Cryptography;
using System.Text;
using CloudNet.Networks;

namespace CloudNet.Ids;

/// <summary>
/// The ids and MAC addresses of one write request of a seeded tenant: a pure function of the seed, the number of the
/// request among the tenant's writes (<paramref name="request"/>, counted by <c>Admin/Tenants/Seeding</c>) and the order in
/// which the request asks for them. The same requests on a tenant with the same seed thus get the same ids in every
/// deployment, and a reply can be compared byte for byte with the one recorded.
/// </summary>
/// <remarks>
/// An id keeps the layout of a version 7 UUID: the request number where the time stamp goes (so a tenant's ids still sort
/// in the order they were made), the version, a 12-bit counter within the request, the variant, and 62 bits of the
/// seed's hash, which keep two seeds' ids apart. A MAC is a locally administered prefix taken from the seed's hash and 24
/// bits of request number and counter (64 per request), unique within the tenant for its first 262,144 write requests.
/// </remarks>
public sealed class SeededIds(string seed, long request) : IdSource
{
    public const int IdsPerRequest = 4096;
    public const int MacsPerRequest = 64;

    readonly byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("cloudnet-seed:" + seed));
    int ids;
    int macs;

    public long Request => request;

    /// <summary>The tenant's logical clock: a fixed epoch derived from the seed, plus one second per write request. Every time
    /// stamp a seeded tenant's write records (<c>created_at</c>, <c>updated_at</c>, the events' <c>At</c>) is this, so the same
    /// requests give byte-identical answers in every deployment, and a tenant's instants still grow with its requests.</summary>
    public override DateTimeOffset? Now => EpochOf(hash).AddSeconds(request);

    /// <summary>Midnight UTC of a day of 2025 chosen by the seed's hash.</summary>
    static DateTimeOffset EpochOf(byte[] hash) =>
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays((hash[11] << 8 | hash[12]) % 365);

    /// <summary>The tenant id of the tenant made with this seed: the same in every deployment.</summary>
    public static string TenantIdOf(string seed) => NameBasedIds.Of("seeded-tenant:" + seed).ToString("N");

    public override Guid Next()
    {
        var index = Interlocked.Increment(ref ids) - 1;
        if (index >= IdsPerRequest) throw new InvalidOperationException($"A seeded tenant's request makes at most {IdsPerRequest} ids.");
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 5; i >= 0; i--) bytes[i] = (byte)(request >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | ((index >> 8) & 0x0F));
        bytes[7] = (byte)index;
        bytes[8] = (byte)(0x80 | (hash[0] & 0x3F));
        hash.AsSpan(1, 7).CopyTo(bytes[9..]);
        return new Guid(bytes, bigEndian: true);
    }

    public override string NextMac()
    {
        var index = Interlocked.Increment(ref macs) - 1;
        if (index >= MacsPerRequest) throw new InvalidOperationException($"A seeded tenant's request makes at most {MacsPerRequest} MAC addresses.");
        var tail = ((request << 6) | (uint)index) & 0xFFFFFF;
        return $"{MacPrefix()}:{(tail >> 16) & 0xFF:X2}:{(tail >> 8) & 0xFF:X2}:{tail & 0xFF:X2}";
    }

    /// <summary>Three octets of the seed's hash, locally administered and unicast (bit 1 of the first set, bit 0 clear), never
    /// the deployment's own <see cref="MacAddresses.Prefix"/>.</summary>
    string MacPrefix()
    {
        var first = (byte)((hash[8] & 0xFC) | 0x02);
        var prefix = $"{first:X2}:{hash[9]:X2}:{hash[10]:X2}";
        return prefix == MacAddresses.Prefix ? $"{first:X2}:{hash[9]:X2}:{hash[10] ^ 1:X2}" : prefix;
    }
}
