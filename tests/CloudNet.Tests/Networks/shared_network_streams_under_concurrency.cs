using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>
/// Every server creation and deletion appends to PublicNet's and ServiceNet's streams. Requests of different
/// tenants for different servers race nobody they could know of, so none of them may fail for it.
/// </summary>
public class shared_network_streams_under_concurrency(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task parallel_server_creations_and_deletions_all_succeed()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var account = i % 2 == 0 ? TestAccount.Demo : TestAccount.Other;
            var create = await app.Host.As(account, x => x.Post.Json(new { server = new { name = $"busy-{i}", imageRef = "i", flavorRef = "f" } }).ToUrl("/servers"));
            if (create.Status() != 202) { failures.Add($"create {create.Status()}: {await create.ReadAsTextAsync()}"); return; }
            var id = (await create.Json())["server"]!["id"].Str();
            var delete = await app.Host.As(account, x => x.Delete.Url($"/servers/{id}"));
            if (delete.Status() != 204) failures.Add($"delete {delete.Status()}: {await delete.ReadAsTextAsync()}");
        });

        failures.ShouldBeEmpty();
    }
}
