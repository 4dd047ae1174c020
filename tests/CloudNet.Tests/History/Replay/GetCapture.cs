using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.History.Replay;

/// <summary>One HTTP exchange as a client sees it.</summary>
public sealed record Reply(int Status, string Body, string? ContentType, string? RequestId, string? HistoryVersion);

/// <summary>
/// Every GET of every family the service answers, for a scripted history: the lists and the members (as each tenant),
/// and the history routes (each resource's events, paged; its state at every version and at every event's instant and
/// just before; every network's addresses; every address's holders, by network and at each interval's boundaries; the
/// events of every request).
/// Each answer is kept as status, content type, <c>X-History-Version</c> and body, byte for byte, so two captures can be
/// compared whole. Queries are derived from the answers themselves (ids, instants, addresses), so a difference in one
/// answer also shows in the questions asked next.
/// </summary>
public sealed class GetCapture
{
    readonly IAlbaHost host;
    public SortedDictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);

    GetCapture(IAlbaHost host) => this.host = host;

    public static async Task<GetCapture> TakeAsync(IAlbaHost host, ScriptedHistory history)
    {
        var capture = new GetCapture(host);
        foreach (var account in history.Accounts) await capture.FamiliesAsync(account, history);
        await capture.AdminAsync();
        await capture.HistoryAsync(history);
        return capture;
    }

    /// <summary>The keys whose answers differ, with both answers, for a readable failure.</summary>
    public static List<string> Differences(GetCapture before, GetCapture after) =>
        before.Answers.Keys.Union(after.Answers.Keys)
            .Where(k => before.Answers.GetValueOrDefault(k) != after.Answers.GetValueOrDefault(k))
            .Select(k => $"{k}\n  before: {Short(before.Answers.GetValueOrDefault(k))}\n  after:  {Short(after.Answers.GetValueOrDefault(k))}")
            .ToList();

    static string Short(string? text) => text is null ? "(not asked)" : text.Length > 600 ? text[..600] + "…" : text;

    async Task FamiliesAsync(TestAccount account, ScriptedHistory history)
    {
        var p = account.TenantId;
        foreach (var list in new[] { "/servers", "/servers/detail", "/os-floating-ips", "/os-floating-ip-pools", "/os-networksv2",
                     "/v2.0/networks", "/v2.0/subnets", "/v2.0/ports", "/v2.0/ip_addresses", "/v2.0/floatingips", "/v2.0/routers", "/v2.0/security-groups",
                     "/v2.0/security-group-rules", "/os-security-groups", $"/v1/{p}/vpcs", $"/v1/{p}/subnets",
                     "/v2/" + p + "/servers/detail" })
            await GetAsync(account, list);
        await LimitsAsync(account);
        await GetAsync(account, $"/os-quota-sets/{p}");
        await GetAsync(account, $"/os-quota-sets/{p}/detail");
        var keypairs = await GetAsync(account, "/os-keypairs");
        foreach (var name in (keypairs?["keypairs"]?.AsArray() ?? []).Select(k => k!["keypair"]!["name"]!.GetValue<string>())
                     .Union(history.Resources.Where(r => r.Kind == Kinds.Keypairs && r.Owner == account).Select(r => r.Id)))
            await GetAsync(account, $"/os-keypairs/{name}");

        // Members: everything listed, and everything the script ever made (deleted ones answer 404, which must stay so).
        var made = history.Resources.ToLookup(r => r.Kind, r => r.Id);
        foreach (var server in Ids("/servers", "servers", account).Union(made[Kinds.Servers]).Distinct())
        {
            await GetAsync(account, $"/servers/{server}");
            await GetAsync(account, $"/servers/{server}/os-virtual-interfacesv2");
            var associations = await GetAsync(account, $"/servers/{server}/ip_associations");
            foreach (var association in IdsIn(associations, "ip_associations")) await GetAsync(account, $"/servers/{server}/ip_associations/{association}");
        }
        foreach (var ip in Ids("/os-floating-ips", "floating_ips", account).Union(made[Kinds.FloatingIps]).Distinct())
            await GetAsync(account, $"/os-floating-ips/{ip}");
        foreach (var ip in Ids("/v2.0/floatingips", "floatingips", account).Union(made[Kinds.FloatingIps]).Distinct())
            await GetAsync(account, $"/v2.0/floatingips/{ip}");
        foreach (var network in Ids("/os-networksv2", "networks", account)) await GetAsync(account, $"/os-networksv2/{network}");
        foreach (var network in Ids("/v2.0/networks", "networks", account).Union(made[Kinds.Networks]).Distinct())
        {
            await GetAsync(account, $"/v2.0/networks/{network}");
            await GetAsync(account, $"/history/networks/{network}/addresses");
            await GetAsync(account, $"/history/networks/{network}/addresses?limit=2");
        }
        foreach (var subnet in Ids("/v2.0/subnets", "subnets", account)) await GetAsync(account, $"/v2.0/subnets/{subnet}");
        foreach (var port in Ids("/v2.0/ports", "ports", account)) await GetAsync(account, $"/v2.0/ports/{port}");
        foreach (var shared in Ids("/v2.0/ip_addresses", "ip_addresses", account).Union(made[Kinds.SharedIps]).Distinct())
            await GetAsync(account, $"/v2.0/ip_addresses/{shared}");
        foreach (var vpc in Ids($"/v1/{p}/vpcs", "vpcs", account)) await GetAsync(account, $"/v1/{p}/vpcs/{vpc}");
        foreach (var subnet in Ids($"/v1/{p}/subnets", "subnets", account))
        {
            await GetAsync(account, $"/v1/{p}/subnets/{subnet}");
            await GetAsync(account, $"/v1/{p}/subnets/{subnet}/privateips");
            await GetAsync(account, $"/v1/{p}/subnets/{subnet}/privateips?limit=1");
        }
        foreach (var ip in made[Kinds.PrivateIps]) await GetAsync(account, $"/v1/{p}/privateips/{ip}");
        foreach (var router in Ids("/v2.0/routers", "routers", account).Union(made[Kinds.Routers]).Distinct())
            await GetAsync(account, $"/v2.0/routers/{router}");
        foreach (var group in Ids("/v2.0/security-groups", "security_groups", account).Union(made[Kinds.SecurityGroups]).Distinct())
        {
            await GetAsync(account, $"/v2.0/security-groups/{group}");
            await GetAsync(account, $"/os-security-groups/{group}");
        }
        foreach (var rule in Ids("/v2.0/security-group-rules", "security_group_rules", account))
            await GetAsync(account, $"/v2.0/security-group-rules/{rule}");

        // Huawei's views of the same resources (v1: v3's answers carry their request's id).
        foreach (var list in new[] { $"/v1/{p}/publicips", $"/v1/{p}/ports", $"/v1/{p}/quotas", $"/v2.0/{p}/vpcs/tags", $"/v2.0/{p}/subnets/tags",
                     "/v2.0/network-ip-availabilities" })
            await GetAsync(account, list);
        foreach (var ip in Ids($"/v1/{p}/publicips", "publicips", account).Union(made[Kinds.FloatingIps]).Distinct())
            await GetAsync(account, $"/v1/{p}/publicips/{ip}");
        foreach (var port in Ids($"/v1/{p}/ports", "ports", account)) await GetAsync(account, $"/v1/{p}/ports/{port}");
        foreach (var vpc in Ids($"/v1/{p}/vpcs", "vpcs", account)) await GetAsync(account, $"/v2.0/{p}/vpcs/{vpc}/tags");
        foreach (var subnet in Ids($"/v1/{p}/subnets", "subnets", account))
        {
            await GetAsync(account, $"/v2.0/{p}/subnets/{subnet}/tags");
            await GetAsync(account, $"/v2.0/network-ip-availabilities/{subnet}");
        }
    }

    /// <summary>The admin API's tenants and fault rules (with their firings).</summary>
    async Task AdminAsync()
    {
        var admin = TestAccount.Admin;
        await GetAsync(admin, "/_cloudnet/tenants");
        var faults = await GetAsync(admin, "/_cloudnet/faults");
        foreach (var fault in IdsIn(faults, "faults")) await GetAsync(admin, $"/_cloudnet/faults/{fault}");
    }

    /// <summary>Only the absolute limits: the rate part tells the time (<c>next-available</c>).</summary>
    async Task LimitsAsync(TestAccount account)
    {
        var reply = await SendAsync(host, account, "GET", "/limits");
        Answers[$"{account.User} GET /limits (absolute)"] = $"{reply.Status} {JsonNode.Parse(reply.Body)?["limits"]?["absolute"]?.ToJsonString()}";
    }

    async Task HistoryAsync(ScriptedHistory history)
    {
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in history.Resources.DistinctBy(r => (r.Kind, r.Id)))
        {
            foreach (var account in history.Accounts) await GetAsync(account, $"/history/{resource.Kind}/{resource.Id}/events");
            var owner = resource.Owner;
            var events = await PagedEventsAsync(owner, resource);
            foreach (var e in events)
            {
                foreach (var address in AddressesIn(e["data"])) addresses.Add(address);
                var version = e["version"]!.GetValue<long>();
                await GetAsync(owner, $"/history/{resource.Kind}/{resource.Id}?version={version}");
                var at = e["timestamp"]!.GetValue<DateTimeOffset>();
                await GetAsync(owner, $"/history/{resource.Kind}/{resource.Id}?at={Instant(at)}");
                await GetAsync(owner, $"/history/{resource.Kind}/{resource.Id}?at={Instant(at.AddTicks(-10))}");
            }
            await GetAsync(owner, $"/history/{resource.Kind}/{resource.Id}");
        }

        foreach (var account in history.Accounts)
            foreach (var address in addresses)
            {
                var all = await GetAsync(account, $"/history/addresses/{address}");
                foreach (var holding in all?["holdings"]?.AsArray() ?? [])
                {
                    var network = holding!["network_id"].Str();
                    await GetAsync(account, $"/history/addresses/{address}?network_id={network}");
                    foreach (var boundary in new[] { holding["from"], holding["to"] }.Where(b => b is not null && b.GetValueKind() == JsonValueKind.String))
                    {
                        var at = boundary!.GetValue<DateTimeOffset>();
                        foreach (var instant in new[] { at.AddTicks(-10), at, at.AddTicks(10) })
                            await GetAsync(account, $"/history/addresses/{address}?network_id={network}&at={Instant(instant)}");
                    }
                }
            }

        foreach (var (account, request) in history.Requests) await GetAsync(account, $"/history/requests/{request}");
    }

    /// <summary>A resource's events two at a time, following <c>next</c>; returns them all.</summary>
    async Task<List<JsonNode>> PagedEventsAsync(TestAccount account, MadeResource resource)
    {
        var events = new List<JsonNode>();
        string? url = $"/history/{resource.Kind}/{resource.Id}/events?limit=2";
        while (url is not null && events.Count < 1000)
        {
            var page = await GetAsync(account, url);
            events.AddRange(page?["events"]?.AsArray().Select(e => e!) ?? []);
            url = page?["next"]?.GetValue<string>();
        }
        return events;
    }

    static IEnumerable<string> AddressesIn(JsonNode? data) => data switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "Address" or "FixedIp" && p.Value?.GetValueKind() == JsonValueKind.String
            ? [p.Value.GetValue<string>()]
            : AddressesIn(p.Value)),
        JsonArray a => a.SelectMany(AddressesIn),
        _ => [],
    };

    static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));

    IEnumerable<string> Ids(string list, string member, TestAccount account) =>
        IdsIn(Answers.TryGetValue($"{account.User} GET {list}", out var answer) ? JsonNode.Parse(answer[(answer.IndexOf('\n') + 1)..]) : null, member);

    static IEnumerable<string> IdsIn(JsonNode? body, string member) =>
        body?[member] is JsonArray items ? items.Select(i => i?["id"]?.ToString() ?? "").Where(i => i.Length > 0).ToList() : [];

    async Task<JsonNode?> GetAsync(TestAccount account, string url)
    {
        var key = $"{account.User} GET {url}";
        if (Answers.TryGetValue(key, out var known)) return Body(known);
        var reply = await SendAsync(host, account, "GET", url);
        var answer = $"{reply.Status} {reply.ContentType} version={reply.HistoryVersion}\n{reply.Body}";
        Answers[key] = answer;
        return Body(answer);
    }

    static JsonNode? Body(string answer)
    {
        var body = answer[(answer.IndexOf('\n') + 1)..];
        try { return body.Length == 0 ? null : JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }

    /// <summary>One request with the account's token, the body as JSON; the reply exactly as sent.</summary>
    public static async Task<Reply> SendAsync(IAlbaHost host, TestAccount account, string method, string url, object? body = null)
    {
        using var client = host.Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("X-Auth-Token", await host.TokenFor(account));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString(),
            Header("X-Compute-Request-Id") ?? Header("X-Openstack-Request-Id") ?? Header("X-Request-Id"), Header("X-History-Version"));
    }
}
