using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Keypairs.Deleting;

/// <summary><c>DELETE /os-keypairs/{name}</c>: 202 (204 from microversion 2.2). Servers made with it keep its name.</summary>
public static class DeleteKeypairEndpoint
{
    [WolverineDelete("/os-keypairs/{keypairName}", OperationId = "DeleteKeypair")]
    [Tags("Compute: keypairs")]
    public static async Task<IResult> Delete(string keypairName, HttpContext context, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var version = Microversion.Of(context.Request);
        var user = KeypairRules.UserOf(version.AtLeast(10) ? context.Request.Query["user_id"].ToString() : null, caller, "delete");
        var stream = await session.Events.FetchForWriting<Keypair>(Keypair.StreamIdOf(user, keypairName), ct);
        var keypair = stream.Aggregate ?? throw KeypairRules.NotFound(keypairName, user);
        stream.AppendOne(new KeypairDeleted(keypair.Id, keypair.Name, caller.UserName, now));
        return Results.StatusCode(version.AtLeast(2) ? 204 : 202);
    }
}
