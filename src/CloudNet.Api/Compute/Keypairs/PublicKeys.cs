using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CloudNet.Errors;

namespace CloudNet.Compute.Keypairs;

/// <summary>A key pair nova generated: the OpenSSH public key, and the private key (PEM) that the client gets once.</summary>
public sealed record GeneratedKey(string PublicKey, string PrivateKey, string Fingerprint);

/// <summary>
/// Pure: OpenSSH public keys as nova reads them. A key is <c>type base64 [comment]</c>, whose decoded blob starts with the
/// same type; its fingerprint is nova's, the MD5 of the blob in colon-separated hex.
/// </summary>
public static class PublicKeys
{
    static readonly HashSet<string> Types =
    [
        "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    public static Rejection Invalid(string reason) => Rejection.BadRequest($"Keypair data is invalid: {reason}");

    /// <summary>The fingerprint of a public key, or nova's 400 when it is not one.</summary>
    public static string Fingerprint(string publicKey)
    {
        var parts = publicKey.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !Types.Contains(parts[0]) || Decoded(parts[1]) is not { } blob || !Holds(blob, parts[0]))
            throw Invalid("failed to generate fingerprint");
        return string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2")));
    }

    static byte[]? Decoded(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>Whether the blob names <paramref name="type"/> first (a length-prefixed string) and has key material after it.</summary>
    static bool Holds(byte[] blob, string type)
    {
        if (blob.Length < 4) return false;
        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return length == type.Length && blob.Length > 4 + length && Encoding.ASCII.GetString(blob, 4, (int)length) == type;
    }

    /// <summary>A new 2048-bit RSA key pair, as nova generates one: <c>ssh-rsa … Generated-by-Nova</c> and a PKCS #1 PEM.</summary>
    public static GeneratedKey Generate()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var blob = new List<byte>();
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> size = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(size, (uint)bytes.Length);
            blob.AddRange(size.ToArray());
            blob.AddRange(bytes.ToArray());
        }
        // SSH's mpint: big-endian, with a leading zero byte when the high bit is set (it is a positive number).
        void Mpint(byte[] value) => Field(value[0] >= 0x80 ? [0, .. value] : value);
        Field("ssh-rsa"u8);
        Mpint(parameters.Exponent!);
        Mpint(parameters.Modulus!);
        var publicKey = $"ssh-rsa {Convert.ToBase64String(blob.ToArray())} Generated-by-Nova";
        return new GeneratedKey(publicKey, rsa.ExportRSAPrivateKeyPem() + "\n", Fingerprint(publicKey));
    }
}
