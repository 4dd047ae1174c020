using System.Text.Json.Nodes;
using Alba;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Tests.Compute.VirtualInterfaces;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.SharedIps;
using CloudNet.Tests.Support;
using CloudNet.Tests.Vpc;

namespace CloudNet.Tests.History.Replay;

/// <summary>A resource the script made, by the kind the history routes name it, and the tenant that made it.</summary>
public sealed record MadeResource(string Kind, string Id, TestAccount Owner);

/// <summary>
/// A history of every family, made through the public HTTP API by both demo tenants: servers; floating IPs allocated,
/// associated, disassociated, released and the same address allocated again by the other tenant, and one made through
/// Neutron at an address asked for, then described anew; a tenant network
/// with a subnet and a virtual interface attached, detached and attached again; shared IPs provisioned, associated,
/// disassociated and deallocated; a Huawei VPC with a subnet and private IPs assigned and deleted; a server deleted;
/// keypairs made, deleted and made again under one name, a server with one (renamed, its metadata changed), and an admin's
/// quota set.
/// Some of it is still held at the end, some released, so the IPAM state after an import has both to get right.
/// </summary>
public sealed class ScriptedHistory
{
    public List<MadeResource> Resources { get; } = [];

    /// <summary>Request ids of the commands (as each response's request-id header gave them), with their tenant.</summary>
    public List<(TestAccount Account, string RequestId)> Requests { get; } = [];

    public IEnumerable<TestAccount> Accounts => [TestAccount.Demo, TestAccount.Other];

    /// <summary>Ids the next steps of a test build on: <c>web</c> (a demo server), <c>replay-net</c> (its Neutron network),
    /// <c>shared</c> (an isolated network) with servers <c>shared-a</c> and <c>shared-b</c>, <c>vpc-subnet</c>.</summary>
    public Dictionary<string, string> Named { get; } = [];

    public static async Task<ScriptedHistory> RunAsync(IAlbaHost host)
    {
        var h = new ScriptedHistory();
        var demo = TestAccount.Demo;
        var other = TestAccount.Other;

        // Servers on the default networks (PublicNet and ServiceNet).
        var web = await h.Server(host, demo, "web");
        var doomed = await h.Server(host, demo, "doomed");
        var otherWeb = await h.Server(host, other, "other-web");

        // A floating IP allocated, associated, disassociated and released; the other tenant then gets the same address.
        var first = await h.FloatingIp(host, demo);
        await h.Command(host, demo, $"/servers/{web}/action", "POST", new { addFloatingIp = new { address = first.Address } }, 202);
        await h.Command(host, demo, $"/servers/{web}/action", "POST", new { removeFloatingIp = new { address = first.Address } }, 202);
        await h.Command(host, demo, $"/os-floating-ips/{first.Id}", "DELETE", null, 202);
        var again = await h.FloatingIp(host, other);
        again.Address.ShouldBe(first.Address, "a released address is handed out again first");
        await h.Command(host, other, $"/servers/{otherWeb}/action", "POST", new { addFloatingIp = new { address = again.Address } }, 202);
        var kept = await h.FloatingIp(host, demo);
        await h.Command(host, demo, $"/servers/{web}/action", "POST", new { addFloatingIp = new { address = kept.Address } }, 202);
        await h.FloatingIp(host, demo); // allocated, never associated

        // Neutron's view of the same floating IPs: one asked for by address (past the pool's cursor), described, re-described.
        var pool = FloatingIpPool.NetworkIdOf(FloatingIpPools.DefaultName).ToString();
        var neutron = await h.Created(host, demo, "/v2.0/floatingips",
            new { floatingip = new { floating_network_id = pool, floating_ip_address = AskedFor(), description = "asked for" } },
            201, "floatingip", Kinds.FloatingIps);
        await h.Command(host, demo, $"/v2.0/floatingips/{neutron}", "PUT", new { floatingip = new { description = "asked for, kept" } }, 200);

        // A tenant network with a subnet (Neutron); a virtual interface attached, detached, attached again.
        var network = await h.Created(host, demo, "/v2.0/networks", new { network = new { name = "replay-net" } }, 201, "network", "networks");
        var subnet = (await h.Post(host, demo, "/v2.0/subnets",
            new { subnet = new { network_id = network, cidr = "10.20.0.0/24", ip_version = 4, name = "replay-subnet" } }, 201))["subnet"]!["id"].Str();
        var vif = await h.Attach(host, demo, web, network);
        await h.Command(host, demo, $"/servers/{web}/os-virtual-interfacesv2/{vif}", "DELETE", null, 200);
        await h.Attach(host, demo, web, network);
        await h.Attach(host, demo, doomed, network);

        // A router from the subnet to the pool: its gateway moved to an address asked for (one given back, one taken), an
        // interface on the subnet; another router made with a gateway and deleted (its address given back). A security group
        // with a rule, another deleted (the project's default group came with the network).
        var router = await h.Created(host, demo, "/v2.0/routers", new { router = new { name = "replay-router", external_gateway_info = new { network_id = pool } } },
            201, "router", Kinds.Routers);
        await h.Command(host, demo, $"/v2.0/routers/{router}", "PUT",
            new { router = new { external_gateway_info = new { network_id = pool, external_fixed_ips = new[] { new { ip_address = AskedFor() } } } } }, 200);
        await h.Command(host, demo, $"/v2.0/routers/{router}/add_router_interface", "PUT", new { subnet_id = subnet }, 200);
        var gone = await h.Created(host, demo, "/v2.0/routers", new { router = new { name = "replay-gone", external_gateway_info = new { network_id = pool } } },
            201, "router", Kinds.Routers);
        await h.Command(host, demo, $"/v2.0/routers/{gone}", "DELETE", null, 204);
        var group = await h.Created(host, demo, "/v2.0/security-groups", new { security_group = new { name = "replay-web" } }, 201, "security_group",
            Kinds.SecurityGroups);
        await h.Post(host, demo, "/v2.0/security-group-rules",
            new { security_group_rule = new { security_group_id = group, direction = "ingress", protocol = "tcp", port_range_min = 443, port_range_max = 443 } }, 201);
        var dropped = await h.Created(host, demo, "/v2.0/security-groups", new { security_group = new { name = "replay-dropped" } }, 201, "security_group",
            Kinds.SecurityGroups);
        await h.Command(host, demo, $"/v2.0/security-groups/{dropped}", "DELETE", null, 204);

        // Shared IPs (Cloud Networks) on an isolated network with two servers: one provisioned, associated with both,
        // disassociated and deallocated; another provisioned and left associated.
        var isolated = (await h.Post(host, demo, "/os-networksv2", new { network = new { label = "shared", cidr = "192.168.3.0/24" } }, 200))["network"]!["id"].Str();
        h.Resources.Add(new(Kinds.Networks, isolated, demo));
        var a = await h.Server(host, demo, "shared-a", isolated);
        var b = await h.Server(host, demo, "shared-b", isolated);
        var shared = await h.Created(host, demo, "/v2.0/ip_addresses", new { ip_address = new { network_id = isolated, version = 4, device_ids = new[] { a, b } } },
            201, "ip_address", Kinds.SharedIps);
        await h.Command(host, demo, SharedIpScenarios.Association(a, shared, "/v2"), "PUT", null, 201);
        await h.Command(host, demo, SharedIpScenarios.Association(b, shared), "POST", null, 201);
        await h.Command(host, demo, SharedIpScenarios.Association(a, shared), "DELETE", null, 204);
        await h.Command(host, demo, SharedIpScenarios.Association(b, shared), "DELETE", null, 204);
        await h.Command(host, demo, $"/v2.0/ip_addresses/{shared}", "DELETE", null, 204);
        var stays = await h.Created(host, demo, "/v2.0/ip_addresses", new { ip_address = new { network_id = isolated, version = 4, device_ids = new[] { a, b } } },
            201, "ip_address", Kinds.SharedIps);
        await h.Command(host, demo, SharedIpScenarios.Association(a, stays, "/v2"), "PUT", null, 201);

        // A Huawei VPC and subnet; private IPs assigned (one automatic, one requested), one deleted, one more assigned.
        var project = demo.TenantId;
        var vpc = (await h.Post(host, demo, $"/v1/{project}/vpcs", new { vpc = new { name = "replay-vpc", cidr = "192.168.0.0/16" } }, 200))["vpc"]!["id"].Str();
        var vpcSubnet = (await h.Post(host, demo, $"/v1/{project}/subnets",
            new { subnet = new { name = "replay-vpc-subnet", cidr = "192.168.1.0/24", gateway_ip = "192.168.1.1", vpc_id = vpc } }, 200))["subnet"]!["id"].Str();
        h.Resources.Add(new(Kinds.Networks, vpcSubnet, demo));
        var assigned = (await h.Post(host, demo, $"/v1/{project}/privateips",
            JsonNode.Parse(VpcScenarios.Body((vpcSubnet, null), (vpcSubnet, "192.168.1.17")))!, 200))["privateips"]!.AsArray();
        foreach (var ip in assigned) h.Resources.Add(new(Kinds.PrivateIps, ip!["id"].Str(), demo));
        await h.Command(host, demo, $"/v1/{project}/privateips/{assigned[0]!["id"].Str()}", "DELETE", null, 204);
        var more = (await h.Post(host, demo, $"/v1/{project}/privateips", JsonNode.Parse(VpcScenarios.Body((vpcSubnet, null)))!, 200))["privateips"]!.AsArray();
        h.Resources.Add(new(Kinds.PrivateIps, more[0]!["id"].Str(), demo));

        // Huawei's side: a virtual IP's port naming that private IP, an EIP applied and bound to the port, the VPC changed and
        // tagged, the subnet tagged (its network's Neutron tags).
        var vipPort = (await h.Post(host, demo, $"/v1/{project}/ports", new { port = new { network_id = vpcSubnet, device_owner = "neutron:VIP_PORT" } }, 200))
            ["port"]!["id"].Str();
        await h.Command(host, demo, $"/v1/{project}/ports/{vipPort}", "PUT",
            new { port = new { allowed_address_pairs = new[] { new { ip_address = more[0]!["ip_address"].Str() } } } }, 200);
        var eip = await h.Created(host, demo, $"/v1/{project}/publicips",
            new { publicip = new { type = "5_bgp" }, bandwidth = new { name = "replay-bw", size = 3, share_type = "PER" } }, 200, "publicip", Kinds.FloatingIps);
        await h.Command(host, demo, $"/v1/{project}/publicips/{eip}", "PUT", new { publicip = new { port_id = vipPort, alias = "replayed" } }, 200);
        await h.Command(host, demo, $"/v1/{project}/vpcs/{vpc}", "PUT", new { vpc = new { description = "replayed" } }, 200);
        await h.Command(host, demo, $"/v2.0/{project}/vpcs/{vpc}/tags", "POST", new { tag = new { key = "replay", value = "yes" } }, 204);
        await h.Command(host, demo, $"/v2.0/{project}/subnets/{vpcSubnet}/tags", "POST", new { tag = new { key = "tier", value = "db" } }, 204);
        h.Resources.Add(new(Kinds.Vpcs, vpc, demo));

        // The other tenant's own network and a server on it; a demo server deleted (its addresses and interface released).
        var otherNet = (await h.Post(host, other, "/os-networksv2", new { network = new { label = "other-net", cidr = "172.16.0.0/24" } }, 200))["network"]!["id"].Str();
        h.Resources.Add(new(Kinds.Networks, otherNet, other));
        await h.Server(host, other, "other-isolated", otherNet);
        await h.Command(host, demo, $"/servers/{doomed}", "DELETE", null, 204);

        // Keypairs: one generated, deleted, and its name taken again by an imported one; the other tenant's; a server made
        // with one, by image and flavor names, in the zone; an admin's quotas for demo.
        var key = $"replay-key-{Guid.NewGuid():N}"[..20];
        await h.Post(host, demo, "/os-keypairs", new { keypair = new { name = key } }, 200);
        h.Resources.Add(new(Kinds.Keypairs, key, demo));
        await h.Command(host, demo, $"/os-keypairs/{key}", "DELETE", null, 202);
        await h.Post(host, demo, "/os-keypairs", new { keypair = new { name = key, public_key = ReplayPublicKey } }, 200);
        var otherKey = $"other-key-{Guid.NewGuid():N}"[..20];
        await h.Post(host, other, "/os-keypairs", new { keypair = new { name = otherKey } }, 200);
        h.Resources.Add(new(Kinds.Keypairs, otherKey, other));
        var keyed = await h.Created(host, demo, "/servers", new
        {
            server = new { name = "keyed", imageRef = "cirros-0.6.2", flavorRef = "m1.tiny", key_name = key, availability_zone = "nova", networks = "none" },
        }, 202, "server", Kinds.Servers);
        // Changed in place as Terraform changes a server: renamed, its metadata merged, then one item removed.
        await h.Command(host, demo, $"/servers/{keyed}", "PUT", new { server = new { name = "keyed-renamed" } }, 200);
        await h.Command(host, demo, $"/servers/{keyed}/metadata", "POST", new { metadata = new { role = "app", tier = "web" } }, 200);
        await h.Command(host, demo, $"/servers/{keyed}/metadata/tier", "DELETE", null, 204);
        await h.Command(host, TestAccount.Admin, $"/os-quota-sets/{demo.TenantId}", "PUT", new { quota_set = new { floating_ips = 20, instances = 15 } }, 200);

        // The admin API: a tenant made on demand; fault rules for demo, one that fires now (its count used up), one left
        // armed on a route nothing above calls.
        var admin = TestAccount.Admin;
        h.Named["tenant"] = (await h.Post(host, admin, "/_cloudnet/tenants", new { name = "replay-tenant" }, 201))["credentials"]!["project_id"].Str();
        await h.Post(host, admin, "/_cloudnet/faults", new { fault = new { tenant_id = demo.TenantId, method = "GET", path = "/images", status = 598, count = 1 } }, 201);
        (await GetCapture.SendAsync(host, demo, "GET", "/images")).Status.ShouldBe(598, "the rule fires");
        h.Named["armed-path"] = $"/flavors/replay-{Interlocked.Increment(ref runs)}";
        await h.Post(host, admin, "/_cloudnet/faults",
            new { fault = new { tenant_id = demo.TenantId, method = "GET", path = h.Named["armed-path"], status = 599, count = 1 } }, 201);

        h.Named["web"] = web;
        h.Named["replay-net"] = network;
        h.Named["shared"] = isolated;
        h.Named["shared-a"] = a;
        h.Named["shared-b"] = b;
        h.Named["vpc-subnet"] = vpcSubnet;
        h.Resources.Add(new(Kinds.Networks, Scenarios.PublicNet, demo));
        h.Resources.Add(new(Kinds.Networks, Scenarios.ServiceNet, other));
        return h;
    }

    static int runs;

    const string ReplayPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu replay@example";

    /// <summary>An address far past the pool's cursor, another for each run (a fixture may run the script more than once).</summary>
    static string AskedFor() => $"203.0.113.{200 + Interlocked.Increment(ref runs) % 50}";

    async Task<string> Server(IAlbaHost host, TestAccount account, string name, string? network = null)
    {
        var body = network is null
            ? (object)new { server = new { name, imageRef = "img", flavorRef = "flv" } }
            : new { server = new { name, imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = network } } } };
        var id = (await Post(host, account, "/servers", body, 202))["server"]!["id"].Str();
        Resources.Add(new(Kinds.Servers, id, account));
        return id;
    }

    async Task<(string Id, string Address)> FloatingIp(IAlbaHost host, TestAccount account)
    {
        var ip = (await Post(host, account, "/os-floating-ips", null, 202))["floating_ip"]!;
        Resources.Add(new(Kinds.FloatingIps, ip["id"].Str(), account));
        return (ip["id"].Str(), ip["ip"].Str());
    }

    async Task<string> Attach(IAlbaHost host, TestAccount account, string server, string network)
    {
        var vif = (await Post(host, account, VirtualInterfaceScenarios.Interfaces(server),
            new { virtual_interface = new { network_id = network } }, 200))["virtual_interfaces"]![0]!["id"].Str();
        Resources.Add(new(Kinds.VirtualInterfaces, vif, account));
        return vif;
    }

    async Task<string> Created(IAlbaHost host, TestAccount account, string url, object body, int status, string member, string kind)
    {
        var id = (await Post(host, account, url, body, status))[member]!["id"].Str();
        Resources.Add(new(kind, id, account));
        return id;
    }

    Task<JsonNode> Post(IAlbaHost host, TestAccount account, string url, object? body, int status) => Command(host, account, url, "POST", body, status);

    /// <summary>Sends a command, which must answer <paramref name="status"/>; keeps its request id; returns the body (or {}).</summary>
    async Task<JsonNode> Command(IAlbaHost host, TestAccount account, string url, string method, object? body, int status)
    {
        var reply = await GetCapture.SendAsync(host, account, method, url, body);
        reply.Status.ShouldBe(status, $"{method} {url}: {reply.Body}");
        Requests.Add((account, reply.RequestId.ShouldNotBeNull($"{method} {url} has a request id")));
        return reply.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(reply.Body)!;
    }
}

/// <summary>The resource kinds of the history routes.</summary>
public static class Kinds
{
    public const string FloatingIps = "floating-ips";
    public const string Servers = "servers";
    public const string VirtualInterfaces = "virtual-interfaces";
    public const string SharedIps = "shared-ips";
    public const string PrivateIps = "private-ips";
    public const string Networks = "networks";
    public const string Keypairs = "keypairs";
    public const string Routers = "routers";
    public const string SecurityGroups = "security-groups";
    public const string Vpcs = "vpcs";
}
