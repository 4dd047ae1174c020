using CloudNet.Errors;
using CloudNet.Identity;

namespace CloudNet.Compute.Keypairs;

/// <summary>Nova's keypair rules as pure functions.</summary>
public static class KeypairRules
{
    public static Rejection NotFound(string name, string userId) => Rejection.NotFound($"Keypair {name} not found for user {userId}");

    public static Rejection AlreadyExists(string name) => Rejection.Conflict($"Key pair '{name}' already exists.");

    public static Rejection OverQuota() => Rejection.Forbidden("Quota exceeded, too many key pairs.", "OverQuota");

    /// <summary>Nova's name rule before 2.92: 1 to 255 letters, digits, spaces, <c>_</c> and <c>-</c>.</summary>
    public static string ValidName(string? name)
    {
        if (name is null) throw Rejection.BadRequest("Invalid input for field/attribute keypair. Value: None. 'name' is a required property");
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ')))
            throw PublicKeys.Invalid("Keypair name contains unsafe characters");
        if (name.Length is < 1 or > 255) throw PublicKeys.Invalid("Keypair name must be string and between 1 and 255 characters long");
        return name;
    }

    /// <summary>Nova's types (from 2.2): <c>ssh</c>, the default, or <c>x509</c>, which this service does not make.</summary>
    public static string ValidType(string? type) => type switch
    {
        null or "ssh" => "ssh",
        "x509" => throw PublicKeys.Invalid("x509 keypairs are not offered by this service; use ssh"),
        _ => throw Rejection.BadRequest($"Invalid input for field/attribute type. Value: {type}. '{type}' is not one of ['ssh', 'x509']"),
    };

    /// <summary>
    /// The user whose keypairs a request is about: the caller's own. Nova lets an admin name another user
    /// (<c>user_id</c>, from 2.10); here each user's keypairs are theirs alone, so naming anyone else is the policy's 403.
    /// </summary>
    public static string UserOf(string? requested, Caller caller, string action) =>
        string.IsNullOrEmpty(requested) || requested == caller.UserId
            ? caller.UserId
            : throw Rejection.Forbidden($"Policy doesn't allow os_compute_api:os-keypairs:{action} to be performed.");

    public static KeypairCreated Create(Caller caller, string name, string type, string publicKey, string fingerprint, DateTimeOffset now) =>
        new(Keypair.StreamIdOf(caller.UserId, name), caller.TenantId, caller.UserId, name, type, publicKey, fingerprint, caller.UserName, now);
}
