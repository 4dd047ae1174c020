using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.Keypairs.Showing;

/// <summary><c>GET /os-keypairs/{name}</c>: one of the caller's keypairs; anyone else's answers as a missing one.</summary>
public static class ShowKeypairEndpoint
{
    [WolverineGet("/os-keypairs/{keypairName}", OperationId = "ShowKeypair")]
    [Tags("Compute: keypairs")]
    public static async Task<IResult> Get(string keypairName, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var version = Microversion.Of(context.Request);
        var user = KeypairRules.UserOf(version.AtLeast(10) ? context.Request.Query["user_id"].ToString() : null, caller, "show");
        var keypair = await KeypairLookup.OfUserAsync(session, user, keypairName, ct)
            ?? throw KeypairRules.NotFound(keypairName, user);
        return Results.Json(new { keypair = KeypairJson.Detail(keypair, version) });
    }
}
