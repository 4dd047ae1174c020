using CloudNet.Ipam;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Options;

namespace CloudNet.Networks;

public sealed class WellKnownNetworkOptions
{
    public string Ipv4 { get; set; } = "";
    public string? Ipv6 { get; set; }
}

public sealed class NetworksOptions
{
    public WellKnownNetworkOptions PublicNet { get; set; } = new() { Ipv4 = "198.51.100.0/24", Ipv6 = "2001:db8:100::/64" };
    public WellKnownNetworkOptions ServiceNet { get; set; } = new() { Ipv4 = "10.176.0.0/16" };
}

/// <summary>PublicNet and ServiceNet: present in every deployment, shared by all tenants, ids fixed by Rackspace.</summary>
public static class WellKnownNetworks
{
    public static readonly Guid PublicNet = Guid.Parse("00000000-0000-0000-0000-000000000000");
    public static readonly Guid ServiceNet = Guid.Parse("11111111-1111-1111-1111-111111111111");

    public static bool IsWellKnown(Guid id) => id == PublicNet || id == ServiceNet;

    /// <summary>Pure: the events that create the well-known networks the configuration asks for. Subnet ids
    /// are derived from the network and CIDR, so every deployment with the same configuration has the same ids.</summary>
    public static IReadOnlyList<(Guid NetworkId, object[] Events)> Definitions(NetworksOptions options, DateTimeOffset now) =>
    [
        (PublicNet, [new NetworkCreated(PublicNet, null, "public", "system", now), .. SubnetsCreated(PublicNet, options.PublicNet, now)]),
        (ServiceNet, [new NetworkCreated(ServiceNet, null, "private", "system", now), .. SubnetsCreated(ServiceNet, options.ServiceNet, now)]),
    ];

    static IEnumerable<SubnetCreated> SubnetsCreated(Guid network, WellKnownNetworkOptions options, DateTimeOffset now) =>
        new[] { options.Ipv4, options.Ipv6 }
            .Where(cidr => !string.IsNullOrWhiteSpace(cidr))
            .Select(cidr =>
            {
                var block = AddressBlock.Parse(cidr!);
                // The first usable IPv4 address is the gateway, as Neutron does by default.
                var gateway = block.Version == 4 ? block.FirstUsable.ToString() : null;
                var subnet = new Subnet(DerivedId(network, block.Cidr), $"{(network == PublicNet ? "public" : "private")}-v{block.Version}",
                    block.Cidr, block.Version, gateway, now);
                subnet.Block(); // validates the gateway against the block
                return new SubnetCreated(network, subnet, "system", now);
            });

    static Guid DerivedId(Guid network, string cidr) => NameBasedIds.Of($"{network}/{cidr}");
}

/// <summary>Creates the well-known networks' streams at start-up when they do not exist yet. Idempotent,
/// and safe when two nodes start at once (the loser of the stream-id race just finds it there).</summary>
public sealed class WellKnownNetworkSeeding(IDocumentStore store, IOptions<NetworksOptions> options, TimeProvider clock,
    ILogger<WellKnownNetworkSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var (networkId, events) in WellKnownNetworks.Definitions(options.Value, clock.GetUtcNow()))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "system";
            session.CorrelationId = "startup";
            var existing = await session.LoadAsync<Network>(NetworkKeys.StreamId(networkId), ct);
            if (existing is not null)
            {
                var configured = events.OfType<SubnetCreated>().Select(s => s.Subnet.Cidr).Order();
                if (!configured.SequenceEqual(existing.Subnets.Select(s => s.Cidr).Order()))
                    logger.LogWarning("Network {Label} keeps its subnets {Existing}; the configured {Configured} apply to new deployments only",
                        existing.Label, string.Join(",", existing.Subnets.Select(s => s.Cidr)), string.Join(",", configured));
                continue;
            }
            session.Events.StartStream<Network>(NetworkKeys.StreamId(networkId), events);
            try
            {
                await session.SaveChangesAsync(ct);
                logger.LogInformation("Created well-known network {NetworkId}", networkId);
            }
            catch (ExistingStreamIdCollisionException)
            {
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
