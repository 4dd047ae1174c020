using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CloudNet.Tests.Support;

/// <summary>
/// The whole service in-process (Alba), on a PostgreSQL database of its own: test classes never see
/// each other's data. Subclasses change configuration (a small pool, a quota) through <see cref="Settings"/>
/// and services (a log recorder) through <see cref="ConfigureServices"/>.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";

    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Configuration keys to override, as in appsettings.json (<c>Quotas:FloatingIps</c>).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Extra service registrations, applied after the service's own (none by default).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        ConnectionString = await PostgresServer.CreateDatabaseAsync(database);
        Host = await StartHostAsync();
    }

    /// <summary>
    /// Another instance of the service on this fixture's database, as after a restart: it shares nothing
    /// in memory with <see cref="Host"/>. The caller stops and disposes it.
    /// </summary>
    public Task<IAlbaHost> StartAnotherHostAsync() => StartHostAsync();

    Task<IAlbaHost> StartHostAsync() => AlbaHost.For<Program>(builder =>
    {
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.RunWolverineInSoloMode();
            ConfigureServices(services);
        });
    });

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            await Host.DisposeAsync();
        }
        await PostgresServer.DropDatabaseAsync(database);
    }
}
