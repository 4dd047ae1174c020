using CloudNet.Admin;
using CloudNet.Admin.Faults;
using CloudNet.Admin.Recordings;
using CloudNet.Admin.Recordings.Capturing;
using CloudNet.Admin.Tenants.Seeding;
using CloudNet.Compute;
using CloudNet.Compute.Limits;
using CloudNet.Errors;
using CloudNet.History;
using CloudNet.History.Metadata;
using CloudNet.Identity;
using CloudNet.Identity.Authenticating;
using CloudNet.Images;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Observability;
using CloudNet.Quotas;
using CloudNet.Replicas;
using CloudNet.Vpc;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace CloudNet.Hosting;

/// <summary>Wires the service together; each API family registers its own parts.</summary>
public static class CloudNetHost
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddCloudNet(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:8774");

        services.AddSingleton(TimeProvider.System);
        builder.AddObservability();
        services.AddOpenApi();
        services.AddIdentityFamily(configuration);
        services.AddNetworksFamily(configuration);
        services.AddComputeFamily(configuration);
        services.AddImagesFamily(configuration);
        services.AddLimits(configuration);
        services.AddAdminFamily(configuration);
        services.AddRecordings(configuration);
        services.AddQuotas(configuration);
        services.AddVpcFamily(configuration);

        services.AddMarten(_ => StoreOptionsFor(configuration))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();
        services.AddReadReplicas(configuration);
        // After Marten, so that its schema is in place when the seeding runs.
        services.AddHostedService<WellKnownNetworkSeeding>();
        services.AddHostedService<Vpc.PrivateIps.PrivateIpIdFloor>();
        // Quotas first: it fills its tables only while they are empty, and the ports backfill's events count themselves.
        services.AddHostedService<Quotas.QuotaUsageBackfill>();
        services.AddHostedService<Networks.Ports.LegacyServerPortsBackfill>();
        services.AddHostedService<IpamHousekeeping>();
        services.AddHistoryFamily();

        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.EnableRelayOfUserName = true;
            // The handlers and endpoints Wolverine would write and compile with Roslyn at start-up are written ahead
            // of time into Internal/Generated (bash ops/codegen) and compiled with the service: start-up only loads
            // them, and Roslyn never enters the process. Stale code does not stop the start-up: an endpoint added
            // since is not routed at all (404; the generated registry lists the endpoint classes) and a changed one
            // runs its old handler; the test Hosting/when_checking_the_generated_code fails on both.
            options.ApplicationAssembly = typeof(CloudNetHost).Assembly;
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            // Every endpoint's `DateTimeOffset now` from the caller's clock (a seeded tenant's is logical), ahead of Wolverine's own.
            options.CodeGeneration.Sources.Insert(0, new RequestClock.Source());
        });
        services.AddWolverineHttp();
        // The framework's own problem documents (bad JSON, oversized body, bad query value) in the family's format.
        services.AddSingleton<IProblemDetailsService, Errors.FamilyProblemDetails>();
        return builder;
    }

    /// <summary>
    /// The Marten configuration of the service: events, read models (projections) and write-side tables, all in
    /// <paramref name="schema"/> (by default <c>Marten:Schema</c>, else <c>cloudnet</c>). One place, so that
    /// <c>history-verify</c> can build the very same read models into a schema of its own.
    /// </summary>
    public static StoreOptions StoreOptionsFor(IConfiguration configuration, string? schema = null)
    {
        var options = new StoreOptions();
        options.Connection(ConnectionString(configuration));
        options.DatabaseSchemaName = schema ?? configuration["Marten:Schema"] ?? "cloudnet";
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Projections.Errors.SkipApplyErrors = false;
        options.AddIpamTables();
        options.AddRateCounterTable();
        options.ConfigureIdentity();
        options.ConfigureNetworks();
        options.ConfigureCompute();
        options.ConfigureVpc();
        options.ConfigureHistory();
        options.ConfigureAdmin();
        options.ConfigureRecordings();
        options.ConfigureQuotas();
        options.ConfigureRebuilds();
        options.ConfigureObservability(configuration);
        return options;
    }

    /// <summary>
    /// <c>ConnectionStrings__Postgres</c>, with two Npgsql settings on unless it sets them itself (docs/performance.md):
    /// <c>No Reset On Close</c>, as nothing here leaves session state on a pooled connection (locks are
    /// transaction-scoped, no SET, no temporary tables), so the <c>DISCARD ALL</c> Npgsql otherwise sends with the first
    /// command of every pooled connection is pure cost; and <c>Max Auto Prepare</c>, which prepares the statements a
    /// connection runs again and again (every request runs the same few), so PostgreSQL stops parsing and planning them
    /// each time — it was more than half of PostgreSQL's CPU per allocation.
    /// </summary>
    static string ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings__Postgres is not set");
        return WithPoolDefaults(configured);
    }

    /// <summary>The two settings above, on a connection string that does not set them itself.</summary>
    public static string WithPoolDefaults(string configured)
    {
        // Npgsql's own builder reports every keyword it knows as present; the generic one only those written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose")) builder.NoResetOnClose = true;
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = 100;
        return builder.ConnectionString;
    }

    public static WebApplication UseCloudNet(this WebApplication app)
    {
        // Request ids first, so that everything logged for a request, its errors included, carries the id.
        app.UseRequestIds();
        // Outside everything that answers a request, so that a recorded entry holds exactly what the client got.
        app.UseRecordings();
        app.UseRequestTelemetry(Observability.Configuration.MetricsEnabled(app.Configuration));
        app.UseMiddleware<ErrorMiddleware>();
        app.UseNeutronRoot();
        app.UseComputePrefixes();
        app.UseBodyLimit(MaxRequestBodyBytes);
        // Before the empty-body rewrite, which drops a Content-Type that AK/SK clients sign even on a GET.
        app.UseMiddleware<AuthenticationMiddleware>();
        // Right after authentication: whether the request is a recorded tenant's (another tenant's answer is let through).
        app.UseRecordingDecision();
        // GET /metrics, for admin accounts only: after authentication, before anything counts or faults the request.
        app.UseMetricsEndpoint();
        // After authentication (fault rules are per tenant), before rate limits: a faulted request counts nowhere.
        app.UseFaultInjection();
        // After authentication (limits are per tenant), before any endpoint runs.
        app.UseRateLimits();
        // After authentication (reads are routed per tenant), for the endpoints' sessions only.
        app.UseReadReplicas();
        app.UseNulCharacterRefusal();
        app.UseEmptyBodiesAsAbsent();
        // A seeded tenant's write takes its number here, after every middleware that may refuse it without an endpoint.
        app.UseSeededIds();
        app.UseRouting();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapWolverineEndpoints(options =>
        {
            options.ApplyCorrelationIdHeaderToAllEndpoints = true;
            options.AddParameterHandlingStrategy<CallerParameter>();
            options.AddMiddleware(typeof(AdminAccess), Admin.Configuration.IsAdminRoute);
            options.AddMiddleware(typeof(CommandMetadata), CommandMetadata.Writes);
        });
        return app;
    }
}
