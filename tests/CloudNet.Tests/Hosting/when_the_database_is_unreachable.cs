using Alba;
using CloudNet.Tests.Support;
using JasperFx.CommandLine;
using Npgsql;
using Wolverine;

namespace CloudNet.Tests.Hosting;

/// <summary>The service talks to PostgreSQL through a proxy the test can cut.</summary>
public sealed class DatabaseBehindAProxy : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";
    public TcpProxy Proxy { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync(database));
        Proxy = new TcpProxy(direct.Host!, direct.Port);
        Proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString)
        {
            Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3, CommandTimeout = 5,
        };
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", viaProxy.ConnectionString);
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
            });
        });
    }

    public async Task DisposeAsync()
    {
        Proxy.Start();
        await Host.StopAsync();
        await Host.DisposeAsync();
        await Proxy.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }
}

public class when_the_database_is_unreachable(DatabaseBehindAProxy app) : IClassFixture<DatabaseBehindAProxy>
{
    [Fact]
    public async Task requests_answer_503_in_the_family_format_and_the_service_recovers_by_itself()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        (await Health()).Status().ShouldBe(200);

        app.Proxy.Stop();

        var health = await Health();
        health.Status().ShouldBe(503);
        (await health.Json())["serviceUnavailable"]!["code"]!.GetValue<int>().ShouldBe(503);

        var allocate = await app.Host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("X-Auth-Token", token);
            x.IgnoreStatusCode();
        });
        allocate.Status().ShouldBe(503);
        (await allocate.Json())["serviceUnavailable"]!["message"].Str().ShouldContain("database");

        app.Proxy.Start();

        // Connections the outage broke are dropped as they are found; a few requests at most find one.
        var recovered = false;
        for (var attempt = 0; attempt < 20 && !recovered; attempt++)
            recovered = (await Health()).Status() == 200;
        recovered.ShouldBeTrue();
        var again = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        again.Status().ShouldBe(202);
    }

    Task<IScenarioResult> Health() => app.Host.Scenario(x =>
    {
        x.Get.Url("/health");
        x.IgnoreStatusCode();
    });
}
