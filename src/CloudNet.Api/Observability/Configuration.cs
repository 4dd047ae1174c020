using CloudNet.Admin.Usage;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CloudNet.Observability;

/// <summary>
/// OpenTelemetry over ASP.NET Core, Wolverine, Marten and Npgsql (README "Operating it"):
/// <list type="bullet">
/// <item>traces, exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set, and not collected at all when it is not;</item>
/// <item>metrics at <c>GET /metrics</c> (Prometheus text) for an admin account, on unless <c>Metrics:Enabled</c> is false;</item>
/// <item>JSON console lines (<c>Logging__Console__FormatterName=json</c>) with each request's scope: id, tenant, route.</item>
/// </list>
/// </summary>
public static class Configuration
{
    public const string MetricsPath = "/metrics";

    public static bool TracingEnabled(IConfiguration configuration) =>
        !configuration.GetValue("OTEL_SDK_DISABLED", false)
        && !string.Equals(configuration["OTEL_TRACES_EXPORTER"], "none", StringComparison.OrdinalIgnoreCase)
        && (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]));

    public static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        // A JSON line carries the request's scope and a UTC timestamp unless configuration says otherwise.
        services.PostConfigure<JsonConsoleFormatterOptions>(json =>
        {
            if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null) json.IncludeScopes = true;
            json.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            if (configuration["Logging:Console:FormatterOptions:UseUtcTimestamp"] is null) json.UseUtcTimestamp = true;
        });

        var tracing = TracingEnabled(configuration);
        var metrics = MetricsEnabled(configuration);
        if (!tracing && !metrics) return builder;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "cloudnet"));
        if (tracing)
            telemetry.WithTracing(traces => traces
                .SetSampler(RequestTraces.For(configuration))
                .AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    aspNetCore.Filter = context => !IsMetrics(context.Request);
                    aspNetCore.EnrichWithHttpResponse = (activity, response) => RequestTelemetry.Enrich(activity, response.HttpContext);
                })
                // Wolverine.Http tags the request's own span with the endpoint (handler.type); Wolverine's source has the
                // spans of messages, Marten's those of an asynchronous projection daemon; Npgsql's has one per command.
                .AddSource("Wolverine", "Marten")
                .AddNpgsql()
                .AddOtlpExporter());
        if (metrics)
        {
            services.AddSingleton<UsageGauges>();
            telemetry.WithMetrics(meters => meters
                // ASP.NET Core's request duration and active requests (Hosting), connections (Kestrel) and unhandled
                // exceptions (Diagnostics); not all AddAspNetCoreInstrumentation() would listen to: the memory pool's
                // counters move at every buffer rented and the router's at every match, and nobody asked for them.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddNpgsqlInstrumentation()
                // Npgsql's pool (connections idle, used, max, pending, timeouts), not its instruments of every command: they
                // were a good part of what metrics cost a request (docs/performance.md, "Observability"), and a trace has
                // each command's time when it is needed.
                .AddView(instrument => instrument.Meter.Name == "Npgsql" && instrument.Name.StartsWith("db.client.operation", StringComparison.Ordinal)
                    ? MetricStreamConfiguration.Drop : null)
                // Marten: event appends (TrackEventCounters) and, were a projection asynchronous, its daemon's progress and
                // gap; Wolverine's meter is named after the service ("Wolverine:CloudNet.Api").
                .AddMeter("Marten", "Wolverine*", CloudNetMetrics.MeterName)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }
        return builder;
    }

    /// <summary>
    /// Marten's event-append counter, only where something collects it. Its connection spans
    /// (<c>OpenTelemetry.TrackConnections</c>) stay off: in Marten 9.58 a session that begins its transaction itself, as
    /// every allocation does (<c>SessionAllocation</c>), swaps the traced connection for the untraced one inside it and
    /// never ends the span, so it is never exported and the commands under it lose their parent. Npgsql's command spans
    /// hang from the request's span instead.
    /// </summary>
    public static StoreOptions ConfigureObservability(this StoreOptions options, IConfiguration configuration)
    {
        if (MetricsEnabled(configuration)) options.OpenTelemetry.TrackEventCounters();
        return options;
    }

    static bool IsMetrics(HttpRequest request) => request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>GET /metrics</c>, after authentication: for an admin account only (403 otherwise), with the pool and subnet
    /// gauges read just before OpenTelemetry's Prometheus exporter writes the scrape.
    /// </summary>
    public static IApplicationBuilder UseMetricsEndpoint(this WebApplication app)
    {
        if (!MetricsEnabled(app.Configuration)) return app;
        return app.UseWhen(context => IsMetrics(context.Request), branch =>
        {
            branch.Use(async (context, next) =>
            {
                if (context.Features.Get<Caller>() is not { IsAdmin: true })
                {
                    await ErrorResponses.WriteAsync(context, new ApiError(403, "Only an admin account may read the metrics.", "NotAdmin"));
                    return;
                }
                if (!HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Headers.Allow = "GET";
                    await ErrorResponses.WriteAsync(context, ApiError.ForStatus(405));
                    return;
                }
                var services = context.RequestServices;
                await services.GetRequiredService<UsageGauges>().RefreshAsync(services.GetRequiredService<IDocumentStore>(),
                    services.GetRequiredService<FloatingIpPools>(), context.RequestAborted);
                await next(context);
            });
            branch.UseOpenTelemetryPrometheusScrapingEndpoint();
        });
    }
}
