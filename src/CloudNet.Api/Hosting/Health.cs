using CloudNet.Errors;
using Marten;
using Wolverine.Http;

namespace CloudNet.Hosting;

/// <summary><c>GET /health</c>: 200 when PostgreSQL answers within two seconds, 503 otherwise. No token needed.</summary>
public static class HealthEndpoint
{
    [WolverineGet("/health", OperationId = "Health")]
    [Tags("Discovery")]
    public static async Task<IResult> Get(IDocumentStore store, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", timeout.Token);
            return Results.Json(new { status = "ok", database = "ok" });
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return ErrorResponses.Result(new ApiError(503, "The database is unavailable."));
        }
    }
}
