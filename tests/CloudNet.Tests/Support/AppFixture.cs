using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace CloudNet.Tests.Support;

/// <summary>
/// The whole service in-process (Alba), on a PostgreSQL database of its own: test classes never see
/// each other's data. Subclasses change configuration (a small pool, a quota) through <see cref="Settings"/>.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";

    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Configuration keys to override, as in appsettings.json (<c>Quotas:FloatingIps</c>).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        ConnectionString = await PostgresServer.CreateDatabaseAsync(database);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
            foreach (var (key, value) in Settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
            });
        });
    }

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
