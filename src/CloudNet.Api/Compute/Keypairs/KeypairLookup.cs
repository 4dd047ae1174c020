using Marten;

namespace CloudNet.Compute.Keypairs;

public static class KeypairLookup
{
    /// <summary>The user's keypair of that name, from its snapshot; null when there is none.</summary>
    public static Task<Keypair?> OfUserAsync(IQuerySession session, string userId, string name, CancellationToken ct) =>
        session.LoadAsync<Keypair>(Keypair.StreamIdOf(userId, name), ct);
}
