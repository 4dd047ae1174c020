using Alba;
using CloudNet.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CloudNet.Tests.Replicas;

/// <summary>
/// The service in-process over a primary and a standby of its own (<see cref="StandbyPair"/>): writes to the primary
/// through a two-host connection string (<c>Target Session Attributes=primary</c>), reads routed through
/// <c>ConnectionStrings:PostgresReads</c> (<c>prefer-standby</c>), as ops/run --replicas gives it. Other hosts on the
/// same database stand for another node of the service (<see cref="StartNodeAsync"/>) or a service without replicas.
/// </summary>
public sealed class ReplicatedService : IAsyncLifetime
{
    const string Database = "cloudnet";

    public StandbyPair Pair { get; private set; } = null!;

    /// <summary>The node the tests talk to.</summary>
    public IAlbaHost Host { get; private set; } = null!;

    public string Writes => $"Host=127.0.0.1:{Pair.PrimaryPort},127.0.0.1:{Pair.StandbyPort};Database={Database};Username=postgres;" +
        "Password=postgres;Target Session Attributes=primary;Host Recheck Seconds=1";

    public string Reads => $"Host=127.0.0.1:{Pair.PrimaryPort},127.0.0.1:{Pair.StandbyPort};Database={Database};Username=postgres;" +
        "Password=postgres;Target Session Attributes=prefer-standby;Host Recheck Seconds=1";

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Pair = await StandbyPair.StartAsync();
        await Pair.CreateDatabaseAsync(Database);
        Host = await StartNodeAsync();
    }

    /// <summary>Another node of the service on the same servers (<paramref name="readsFromStandby"/> false: without
    /// PostgresReads, every read on the primary). The caller disposes it.</summary>
    public Task<IAlbaHost> StartNodeAsync(bool readsFromStandby = true) => AlbaHost.For<Program>(builder =>
    {
        builder.UseSetting("ConnectionStrings:Postgres", Writes);
        if (readsFromStandby) builder.UseSetting("ConnectionStrings:PostgresReads", Reads);
        builder.UseSetting("Quotas:FloatingIps", "1000");
        builder.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.RunWolverineInSoloMode();
        });
    });

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            await Host.DisposeAsync();
        }
        if (Pair is not null) await Pair.DisposeAsync();
    }
}
