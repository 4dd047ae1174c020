using Alba;
using CloudNet.Tests.Support;
using JasperFx.CommandLine;
using Npgsql;
using Wolverine;

namespace CloudNet.Tests.Reliability.Chaos;

/// <summary>
/// A database of its own, a <see cref="TcpProxy"/> in front of it the test can cut, and the service through the proxy
/// with the timeouts ops/chaos gives it (connect 3 s, command 5 s); a big pool, so load never exhausts it.
/// </summary>
public class ServiceBehindAProxy : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";
    readonly List<IAlbaHost> hosts = [];

    public TcpProxy Proxy { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Straight to PostgreSQL, not through the proxy.</summary>
    public string DirectConnectionString { get; private set; } = "";

    string viaProxy = "";

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        DirectConnectionString = await PostgresServer.CreateDatabaseAsync(database);
        var direct = new NpgsqlConnectionStringBuilder(DirectConnectionString);
        Proxy = new TcpProxy(direct.Host!, direct.Port);
        Proxy.Start();
        viaProxy = new NpgsqlConnectionStringBuilder(DirectConnectionString)
        {
            Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3, CommandTimeout = 5,
        }.ConnectionString;
        Host = await StartHostAsync(viaProxy);
    }

    /// <summary>Another instance on the same database, straight to it (as after a restart); disposed with the fixture.</summary>
    public Task<IAlbaHost> StartDirectHostAsync() => StartHostAsync(DirectConnectionString);

    async Task<IAlbaHost> StartHostAsync(string connectionString)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("FloatingIpPools:0:Name", "default");
            builder.UseSetting("FloatingIpPools:0:Cidr", "10.100.0.0/20");
            builder.UseSetting("Quotas:FloatingIps", "100000");
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
            });
        });
        hosts.Add(host);
        return host;
    }

    public async Task DisposeAsync()
    {
        Proxy.Start();
        foreach (var host in hosts)
        {
            try { await host.StopAsync(); } catch (Exception) { }
            await host.DisposeAsync();
        }
        await Proxy.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }
}
