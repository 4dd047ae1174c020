using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace CloudNet.Tests.Support;

/// <summary>
/// The service on Kestrel, on a loopback port of its own and a database of its own: for what only a real server
/// does (the body limit, escaped paths, the Host header with its port) and for clients in another process.
/// </summary>
public sealed class ServiceOnALoopbackPort : IAsyncLifetime
{
    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";
    readonly Action<IServiceCollection>? configure;
    WebApplicationFactory<Program>? factory;

    public ServiceOnALoopbackPort() => configure = null;

    /// <summary>With services of the test's own (one public constructor only: xUnit makes fixtures with it).</summary>
    internal ServiceOnALoopbackPort(Action<IServiceCollection> configure) => this.configure = configure;

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseAddress { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connectionString = await PostgresServer.CreateDatabaseAsync(database);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
                configure?.Invoke(services);
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = address.TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(database);
    }
}
