using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Creating;

public sealed record CreateNetwork(CreateNetworkBody? Network);

public sealed record CreateNetworkBody(string? Name);

/// <summary><c>POST /v2.0/networks</c>: a tenant network, without subnets until some are created.</summary>
public static class CreateNetworkEndpoint
{
    [WolverinePost("/v2.0/networks", OperationId = "CreateNetwork")]
    [Tags("Networks")]
    public static IResult Post(CreateNetwork? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var body = command?.Network ?? throw Rejection.BadRequest("Bad network request: Resource body required.", "BadRequest");
        var id = Guid.CreateVersion7();
        var created = NetworkRules.Create(id, body.Name ?? "", context.Caller(), now);
        session.Events.StartStream<Network>(NetworkKeys.StreamId(id), created);
        return Results.Json(new { network = NeutronJson.Network(Network.Create(created)) }, statusCode: 201);
    }
}
