using System.Text.Json.Serialization;
using CloudNet.Compute.QuotaSets;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.Keypairs.Creating;

public sealed record CreateKeypair(CreateKeypairBody? Keypair);

public sealed record CreateKeypairBody(
    string? Name,
    [property: JsonPropertyName("public_key")] string? PublicKey,
    string? Type,
    [property: JsonPropertyName("user_id")] string? UserId);

/// <summary>
/// <c>POST /os-keypairs</c>: imports the public key given, or generates a pair and returns its private key this once
/// (no event holds it). 200 (201 from microversion 2.2); 409 when the user has a keypair of that name; 403 over the
/// <c>key_pairs</c> quota.
/// </summary>
public static class CreateKeypairEndpoint
{
    [WolverinePost("/os-keypairs", OperationId = "CreateKeypair")]
    [Tags("Compute: keypairs")]
    public static async Task<IResult> Post(CreateKeypair? command, HttpContext context, Caller caller, IDocumentSession session, QuotaLimits quotas,
        DateTimeOffset now, CancellationToken ct)
    {
        var version = Microversion.Of(context.Request);
        var body = command?.Keypair ?? throw Rejection.BadRequest("Invalid input for field/attribute keypair. Value: None. 'keypair' is a required property");
        KeypairRules.UserOf(body.UserId, caller, "create");
        var name = KeypairRules.ValidName(body.Name);
        var type = version.AtLeast(2) ? KeypairRules.ValidType(body.Type) : "ssh";

        await KeypairQuota.EnsureRoomAsync(session, caller.TenantId, quotas, ct);
        var generated = body.PublicKey is null ? PublicKeys.Generate() : null;
        var publicKey = generated?.PublicKey ?? body.PublicKey!.Trim();
        var fingerprint = generated?.Fingerprint ?? PublicKeys.Fingerprint(publicKey);

        var stream = await session.Events.FetchForWriting<Keypair>(Keypair.StreamIdOf(caller.UserId, name), ct);
        if (stream.Aggregate is not null) throw KeypairRules.AlreadyExists(name);
        var created = KeypairRules.Create(caller, name, type, publicKey, fingerprint, now);
        stream.AppendOne(created);
        return Results.Json(new { keypair = KeypairJson.Created(Keypair.Create(created), generated?.PrivateKey, version) },
            statusCode: version.AtLeast(2) ? 201 : 200);
    }
}
