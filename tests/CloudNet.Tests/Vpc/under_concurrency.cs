using System.Net;
using System.Text;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Real parallel requests through the in-process host, all released at once: races end in 200 or a 409, never a 5xx.</summary>
public class under_concurrency(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<VpcReply[]> SendAll(IEnumerable<(HttpMethod Method, string Url, string? Body)> requests)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await app.Host.TokenFor(Demo));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(r => Task.Run(async () =>
        {
            await start.Task;
            using var message = new HttpRequestMessage(r.Method, r.Url);
            if (r.Body is not null) message.Content = new StringContent(r.Body, Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(message);
            return new VpcReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.First() : null);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    static string Summary(IEnumerable<VpcReply> replies) => string.Join("\n", replies.Select(r => r.ToString()).Distinct());

    static void ShouldHaveNoServerErrors(VpcReply[] replies) =>
        replies.Where(r => r.Status >= 500).Select(r => r.ToString()).ShouldBeEmpty();

    [Fact]
    public async Task forty_parallel_assignments_on_a_28_give_exactly_thirteen_distinct_addresses()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.70.0.0/28");

        var replies = await SendAll(Enumerable.Range(0, 40).Select(_ =>
            (HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", (string?)VpcScenarios.Body((subnet, null)))));

        ShouldHaveNoServerErrors(replies);
        var assigned = replies.Where(r => r.Status == 200).Select(r => r.Json["privateips"]![0]!["ip_address"].Str()).ToList();
        assigned.Count.ShouldBe(13, Summary(replies));
        assigned.Select(IPAddress.Parse).Select(a => (int)a.GetAddressBytes()[3]).Order().ShouldBe(Enumerable.Range(2, 13));
        var refused = replies.Where(r => r.Status != 200).ToList();
        refused.Count.ShouldBe(27);
        foreach (var reply in refused) reply.ShouldBeHuaweiError(409, "VPC.0703");

        (await app.Host.ListOk(Demo, subnet)).Addresses().Order().ShouldBe(assigned.Order());
    }

    [Fact]
    public async Task thirty_two_parallel_requests_for_one_address_give_it_exactly_once()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.71.0.0/24");

        var replies = await SendAll(Enumerable.Range(0, 32).Select(_ =>
            (HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", (string?)VpcScenarios.Body((subnet, "10.71.0.77")))));

        ShouldHaveNoServerErrors(replies);
        replies.Count(r => r.Status == 200).ShouldBe(1, Summary(replies));
        foreach (var reply in replies.Where(r => r.Status != 200)) reply.ShouldBeHuaweiError(409, "VPC.0701");
        var winner = replies.Single(r => r.Status == 200).Json["privateips"]![0]!;
        (await app.Host.ListOk(Demo, subnet)).Ids().ShouldBe([winner["id"].Str()]);
    }

    [Fact]
    public async Task parallel_batches_naming_the_same_addresses_in_opposite_orders_never_fail_with_a_5xx()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.72.0.0/24");

        var replies = await SendAll(Enumerable.Range(0, 16).Select(i =>
            (HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", (string?)(i % 2 == 0
                ? VpcScenarios.Body((subnet, null), (subnet, "10.72.0.50"), (subnet, "10.72.0.51"))
                : VpcScenarios.Body((subnet, "10.72.0.51"), (subnet, "10.72.0.50"), (subnet, null))))));

        ShouldHaveNoServerErrors(replies);
        replies.Count(r => r.Status == 200).ShouldBe(1, Summary(replies));
        foreach (var reply in replies.Where(r => r.Status != 200)) reply.ShouldBeHuaweiError(409, "VPC.0701");
        (await app.Host.ListOk(Demo, subnet)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task automatic_assignments_racing_batches_that_request_the_next_free_address_all_succeed_or_lose_with_0701()
    {
        // The cursor's next address is exactly the one the batches ask for: an automatic item that reaches it waits for
        // the batch holding it, and that batch must never be waiting for the cursor in return.
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.74.0.0/24");

        var replies = await SendAll(Enumerable.Range(0, 24).Select(i =>
            (HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", (string?)(i % 3 == 0
                ? VpcScenarios.Body((subnet, "10.74.0.2"), (subnet, null))
                : VpcScenarios.Body((subnet, null))))));

        ShouldHaveNoServerErrors(replies);
        for (var i = 0; i < replies.Length; i++)
            if (i % 3 != 0) replies[i].Status.ShouldBe(200, $"an automatic assignment never fails on a roomy subnet: {Summary(replies)}");
        replies.Where((_, i) => i % 3 == 0).Count(r => r.Status == 200).ShouldBeLessThanOrEqualTo(1, Summary(replies));
        foreach (var reply in replies.Where((r, i) => i % 3 == 0 && r.Status != 200)) reply.ShouldBeHuaweiError(409, "VPC.0701");
        var listed = (await app.Host.ListOk(Demo, subnet)).Addresses();
        listed.ShouldBeUnique();
        listed.Count.ShouldBe(16 + 2 * replies.Where((_, i) => i % 3 == 0).Count(r => r.Status == 200));
    }

    [Fact]
    public async Task servers_racing_batches_that_request_the_next_free_address_never_fail_with_a_5xx()
    {
        // A server's port takes the cursor's next address on the same network that the batches request.
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.75.0.0/24");

        var replies = await SendAll(Enumerable.Range(0, 24).Select(i => i % 3 == 0
            ? (HttpMethod.Post, $"/v1/{Demo.TenantId}/privateips", (string?)VpcScenarios.Body((subnet, "10.75.0.2"), (subnet, null)))
            : (HttpMethod.Post, "/servers", (string?)System.Text.Json.JsonSerializer.Serialize(
                new { server = new { name = $"racer-{i}", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = subnet } } } }))));

        ShouldHaveNoServerErrors(replies);
        for (var i = 0; i < replies.Length; i++)
            if (i % 3 != 0) replies[i].Status.ShouldBe(202, $"a server on a roomy network is always created: {Summary(replies)}");
        replies.Where((_, i) => i % 3 == 0).Count(r => r.Status == 200).ShouldBeLessThanOrEqualTo(1, Summary(replies));
        foreach (var reply in replies.Where((r, i) => i % 3 == 0 && r.Status != 200)) reply.ShouldBeHuaweiError(409, "VPC.0701");
    }

    [Fact]
    public async Task sixteen_parallel_deletes_of_one_private_ip_delete_it_once()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.73.0.0/24");
        var id = (await app.Host.AssignOne(Demo, subnet))["id"].Str();

        var replies = await SendAll(Enumerable.Range(0, 16).Select(_ =>
            (HttpMethod.Delete, $"/v1/{Demo.TenantId}/privateips/{id}", (string?)null)));

        ShouldHaveNoServerErrors(replies);
        replies.Count(r => r.Status == 204).ShouldBe(1, Summary(replies));
        foreach (var reply in replies.Where(r => r.Status != 204))
            reply.ShouldBeHuaweiError(reply.Status, reply.Status == 404 ? "VPC.0704" : reply.Json["code"].Str());
        replies.Where(r => r.Status != 204).ShouldAllBe(r => r.Status == 404 || r.Status == 409, Summary(replies));
        (await app.Host.AssignOne(Demo, subnet))["ip_address"].Str().ShouldBe("10.73.0.2", "the address was given back exactly once");
        (await app.Host.AssignOne(Demo, subnet))["ip_address"].Str().ShouldBe("10.73.0.3");
    }
}
