using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Quotas;

public static class Configuration
{
    public static IServiceCollection AddQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QuotaOptions>(configuration.GetSection("Quotas"));
        services.AddSingleton<QuotaLimits>();
        return services;
    }

    public static StoreOptions ConfigureQuotas(this StoreOptions options)
    {
        options.Projections.Snapshot<TenantQuotas>(SnapshotLifecycle.Inline);
        options.Projections.Add(new QuotaUsageProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline);
        return options;
    }
}
