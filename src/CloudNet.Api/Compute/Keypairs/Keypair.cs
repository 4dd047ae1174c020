using CloudNet.Networks;

namespace CloudNet.Compute.Keypairs;

/// <summary>A keypair was created (imported with the user's public key, or generated: then its private key went to the
/// client once and is in no event).</summary>
public sealed record KeypairCreated(Guid KeypairId, string TenantId, string UserId, string Name, string Type, string PublicKey,
    string Fingerprint, string By, DateTimeOffset At);

public sealed record KeypairDeleted(Guid KeypairId, string Name, string By, DateTimeOffset At);

/// <summary>
/// A keypair, a user's (nova's keypairs are per user, named). Its stream id derives from the user and the name, so that
/// two creates of one name meet on one stream and the second loses (409), and a name deleted and taken again continues
/// its stream. Stored as an inline snapshot, which every keypair GET reads; a deleted keypair leaves it.
/// </summary>
public sealed record Keypair(Guid Id, string TenantId, string UserId, string Name, string Type, string PublicKey, string Fingerprint,
    DateTimeOffset CreatedAt)
{
    public static Guid StreamIdOf(string userId, string name) => NameBasedIds.Of($"keypair:{userId}:{name}");

    public static Keypair Create(KeypairCreated e) =>
        new(e.KeypairId, e.TenantId, e.UserId, e.Name, e.Type, e.PublicKey, e.Fingerprint, e.At);

    public bool ShouldDelete(KeypairDeleted e) => true;
}
