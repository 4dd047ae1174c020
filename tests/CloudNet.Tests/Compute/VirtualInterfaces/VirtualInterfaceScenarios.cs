using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>"Given" steps and assertions of Rackspace's <c>os-virtual-interfacesv2</c>, through the public HTTP API
/// (and, for the event and lease checks, the service's own database).</summary>
public static partial class VirtualInterfaceScenarios
{
    [GeneratedRegex("^FA:16:3E(:[0-9A-F]{2}){3}$")]
    public static partial Regex MacFormat();

    public static string Interfaces(string serverId, string prefix = "") => $"{prefix}/servers/{serverId}/os-virtual-interfacesv2";

    public static Task<IScenarioResult> PostInterface(this IAlbaHost host, TestAccount account, string serverId, string networkId,
        string prefix = "") =>
        host.As(account, x => x.Post.Json(new { virtual_interface = new { network_id = networkId } }).ToUrl(Interfaces(serverId, prefix)));

    /// <summary>Attaches an interface (which must answer 200) and returns the one interface of the reply.</summary>
    public static async Task<JsonNode> AttachInterface(this IAlbaHost host, TestAccount account, string serverId, string networkId)
    {
        var result = await host.PostInterface(account, serverId, networkId);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["virtual_interfaces"]!.AsArray().Single()!;
    }

    public static Task<IScenarioResult> GetInterfaces(this IAlbaHost host, TestAccount account, string serverId, string prefix = "") =>
        host.As(account, x => x.Get.Url(Interfaces(serverId, prefix)));

    /// <summary>The server's interfaces (<c>GET</c>, which must answer 200).</summary>
    public static async Task<JsonArray> ListInterfaces(this IAlbaHost host, TestAccount account, string serverId)
    {
        var result = await host.GetInterfaces(account, serverId);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["virtual_interfaces"]!.AsArray();
    }

    public static Task<IScenarioResult> DetachInterface(this IAlbaHost host, TestAccount account, string serverId, string vifId,
        string prefix = "") =>
        host.As(account, x => x.Delete.Url($"{Interfaces(serverId, prefix)}/{vifId}"));

    /// <summary>A server on the given networks only (by default ServiceNet, which gives one address).</summary>
    public static async Task<string> ServerOn(this IAlbaHost host, TestAccount account, string name, params string[] networks) =>
        (await host.CreateServer(account, name, (networks.Length == 0 ? [Scenarios.ServiceNet] : networks).Select(n => new { uuid = n }).ToArray()))["id"].Str();

    public static async Task<string> IsolatedNetwork(this IAlbaHost host, TestAccount account, string label, string cidr) =>
        (await host.CreateIsolatedNetwork(account, label, cidr))["id"].Str();

    public static List<string> Addresses(this JsonNode vif) => vif["ip_addresses"]!.AsArray().Select(a => a!["address"].Str()).ToList();

    public static async Task<IReadOnlyList<IEvent>> Stream(this IAlbaHost host, Guid streamId)
    {
        await using var session = host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    /// <summary>
    /// Every address of the network given out or taken back, in the order recorded: the events of its addresses' own
    /// streams (issue 18 took them out of the network's stream).
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> AddressEvents(this IAlbaHost host, Guid networkId)
    {
        await using var session = host.DocumentStore().QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == "network_address_assigned" || e.EventTypeName == "network_address_released")
            .OrderBy(e => e.Sequence).ToListAsync();
        return events.Where(e => e.Data switch
        {
            CloudNet.Networks.NetworkAddressAssigned a => a.NetworkId == networkId,
            CloudNet.Networks.NetworkAddressReleased r => r.NetworkId == networkId,
            _ => false,
        }).ToList();
    }

    /// <summary>The IPAM leases (addresses) held by a holder (a port id, which is the interface id).</summary>
    public static async Task<List<string>> LeasesOf(this AppFixture app, string holderId)
    {
        var schema = app.Host.DocumentStore().Options.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT host(address) FROM \"{schema}\".ip_leases WHERE holder_id = @holder ORDER BY address", connection);
        command.Parameters.AddWithValue("holder", Guid.Parse(holderId));
        var addresses = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) addresses.Add(reader.GetString(0));
        return addresses;
    }
}
