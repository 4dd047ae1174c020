namespace CloudNet.Compute.Keypairs;

/// <summary>Nova's keypair, at the microversion asked for: <c>type</c> from 2.2.</summary>
public static class KeypairJson
{
    public static Dictionary<string, object?> InList(Keypair keypair, Microversion version)
    {
        var json = new Dictionary<string, object?>
        {
            ["fingerprint"] = keypair.Fingerprint,
            ["name"] = keypair.Name,
            ["public_key"] = keypair.PublicKey,
        };
        if (version.AtLeast(2)) json["type"] = keypair.Type;
        return json;
    }

    /// <summary>What create answers: with the private key when nova generated the pair (shown this once).</summary>
    public static Dictionary<string, object?> Created(Keypair keypair, string? privateKey, Microversion version)
    {
        var json = InList(keypair, version);
        json["user_id"] = keypair.UserId;
        if (privateKey is not null) json["private_key"] = privateKey;
        return json;
    }

    public static Dictionary<string, object?> Detail(Keypair keypair, Microversion version)
    {
        var json = InList(keypair, version);
        json["user_id"] = keypair.UserId;
        json["created_at"] = keypair.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
        json["updated_at"] = null;
        json["deleted"] = false;
        json["deleted_at"] = null;
        return json;
    }
}
