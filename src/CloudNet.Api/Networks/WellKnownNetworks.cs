using System.Security.Cryptography;
using System.Text;
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

    /// <summary>Pure: the creation events the configuration asks for. Subnet ids are derived from the network
    /// and CIDR, so every deployment with the same configuration has the same ids.</summary>
    public static IReadOnlyList<NetworkCreated> Definitions(NetworksOptions options, DateTimeOffset now) =>
    [
        new(PublicNet, null, "public", Subnets(PublicNet, options.PublicNet), "system", now),
        new(ServiceNet, null, "private", Subnets(ServiceNet, options.ServiceNet), "system", now),
    ];

    static IReadOnlyList<Subnet> Subnets(Guid network, WellKnownNetworkOptions options) =>
        new[] { options.Ipv4, options.Ipv6 }
            .Where(cidr => !string.IsNullOrWhiteSpace(cidr))
            .Select(cidr =>
            {
                var block = AddressBlock.Parse(cidr!);
                // The first usable address is the gateway, as Neutron does by default.
                var gateway = block.Version == 4 ? block.FirstUsable.ToString() : null;
                if (gateway is not null) block = AddressBlock.Parse(block.Cidr, gateway);
                return new Subnet(DerivedId(network, block.Cidr), block.Cidr, block.Version, gateway);
            })
            .ToList();

    static Guid DerivedId(Guid network, string cidr)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{network}/{cidr}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 9562 version 5 layout (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>Creates the well-known networks' streams at start-up when they do not exist yet. Idempotent,
/// and safe when two nodes start at once (the loser of the stream-id race just finds it there).</summary>
public sealed class WellKnownNetworkSeeding(IDocumentStore store, IOptions<NetworksOptions> options, TimeProvider clock,
    ILogger<WellKnownNetworkSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var created in WellKnownNetworks.Definitions(options.Value, clock.GetUtcNow()))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "system";
            session.CorrelationId = "startup";
            var existing = await session.LoadAsync<Network>(NetworkKeys.StreamId(created.NetworkId), ct);
            if (existing is not null)
            {
                var configured = created.Subnets.Select(s => s.Cidr).Order();
                if (!configured.SequenceEqual(existing.Subnets.Select(s => s.Cidr).Order()))
                    logger.LogWarning("Network {Label} keeps its subnets {Existing}; the configured {Configured} apply to new deployments only",
                        existing.Label, string.Join(",", existing.Subnets.Select(s => s.Cidr)), string.Join(",", configured));
                continue;
            }
            session.Events.StartStream<Network>(NetworkKeys.StreamId(created.NetworkId), created);
            try
            {
                await session.SaveChangesAsync(ct);
                logger.LogInformation("Created well-known network {Label} ({Id})", created.Label, created.NetworkId);
            }
            catch (ExistingStreamIdCollisionException)
            {
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
