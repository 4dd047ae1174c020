using CloudNet.Hosting;
using Marten;

namespace CloudNet.Replicas;

/// <summary>
/// Reads from streaming replicas with read-your-writes (docs/replicas.md), on when <c>ConnectionStrings:PostgresReads</c>
/// is set; without it nothing here is registered and every session uses <c>ConnectionStrings:Postgres</c> as before.
/// </summary>
public static class Configuration
{
    public const string ReadsConnectionString = "PostgresReads";

    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ReadsConnectionString));

    /// <summary>After <c>AddMarten</c>: the session factory registered here is the one resolved, in place of Marten's.</summary>
    public static IServiceCollection AddReadReplicas(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return services;
        services.Configure<ReplicaOptions>(configuration.GetSection("Replicas"));
        services.AddHttpContextAccessor();
        var reads = CloudNetHost.WithPoolDefaults(configuration.GetConnectionString(ReadsConnectionString)!);
        services.AddSingleton(_ => new ReadHosts(reads));
        services.AddSingleton<StandbyPositions>();
        services.AddSingleton<WrittenPositions>();
        services.AddSingleton<ReadRouter>();
        services.AddSingleton<ISessionFactory, ReadRoutingSessionFactory>();
        return services;
    }

    /// <summary>After authentication: routing needs the caller's tenant.</summary>
    public static IApplicationBuilder UseReadReplicas(this WebApplication app) =>
        Enabled(app.Configuration) ? app.UseMiddleware<ReadRouting>() : app;
}
