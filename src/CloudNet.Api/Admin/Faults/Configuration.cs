using CloudNet.Admin.Faults.Injecting;
using JasperFx.Events.Projections;
using Marten;

namespace CloudNet.Admin.Faults;

/// <summary>Fault injection (<c>Faults</c> section): how often an instance checks whether the rules changed.</summary>
public sealed class FaultOptions
{
    /// <summary>
    /// At most this often (milliseconds) an instance asks PostgreSQL whether the fault rules changed. A rule added or
    /// removed through this instance applies here at once; through another instance or the command line, within this
    /// interval. 0 checks on every request of an authenticated caller (one small query each).
    /// </summary>
    public int RefreshMilliseconds { get; set; } = 500;
}

public static class Configuration
{
    /// <summary>The stored name of <see cref="FaultInjected"/>, fixed so the firings query does not depend on a naming default.</summary>
    public const string FaultInjectedType = "fault_injected";

    public static IServiceCollection AddFaultInjection(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FaultOptions>(configuration.GetSection("Faults"));
        services.AddSingleton<FaultRuleCache>();
        return services;
    }

    public static StoreOptions ConfigureFaults(this StoreOptions options)
    {
        options.Events.MapEventType<FaultRuleAdded>("fault_rule_added");
        options.Events.MapEventType<FaultInjected>(FaultInjectedType);
        options.Events.MapEventType<FaultRuleRemoved>("fault_rule_removed");
        options.Projections.Snapshot<FaultRule>(SnapshotLifecycle.Inline);
        options.Schema.For<FaultRule>().Index(x => x.TenantId);
        options.AddFaultRuleVersionTable();
        return options;
    }

    /// <summary>After authentication (rules are per tenant), before rate limits and routing (before any endpoint runs).</summary>
    public static IApplicationBuilder UseFaultInjection(this IApplicationBuilder app) => app.UseMiddleware<FaultInjection>();
}
