using System.Collections.Concurrent;
using System.Text;
using Alba;
using CloudNet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudNet.Tests.Identity;

/// <summary>Every log record of the host, at every level, with its message, structured values, scopes and exception.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<string> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Records.Enqueue($"[scope {category}] {Describe(state)}");
            return NoScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"[{logLevel} {category}] {formatter(state, exception)} | {Describe(state)}");
            if (exception is not null) text.Append(" | ").Append(exception);
            owner.Records.Enqueue(text.ToString());
        }

        static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? "";
    }

    sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>The service with every log category at Trace, recorded.</summary>
public sealed class LoggedAppFixture : AppFixture
{
    public LogRecorder Logs { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Wolverine"] = "Trace",
        ["Logging:LogLevel:Marten"] = "Trace",
        ["Logging:LogLevel:JasperFx"] = "Trace",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>Passwords, API keys and tokens never reach a log, whatever the level and however a login ends.</summary>
public class when_logging_credentials(LoggedAppFixture app) : IClassFixture<LoggedAppFixture>
{
    static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    [Fact]
    public async Task no_log_record_holds_a_password_an_api_key_or_a_token()
    {
        var host = app.Host;
        var secrets = new List<string> { "demo-password", "demo-api-key" };

        // v2 with a password and with an API key.
        var byPassword = await host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-password"));
        byPassword.Status().ShouldBe(200);
        var passwordToken = (await byPassword.Json())["access"]!["token"]!["id"].Str();
        var byKey = await host.PostJson("/v2.0/tokens", IdentityRequests.V2ApiKey("demo", "demo-api-key", tenantId: TestAccount.Demo.TenantId));
        byKey.Status().ShouldBe(200);
        var keyToken = (await byKey.Json())["access"]!["token"]!["id"].Str();
        // v3, whose token travels in a header.
        var v3 = await host.PostJson("/v3/auth/tokens", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId));
        v3.Status().ShouldBe(201);
        var v3Token = v3.Header("X-Subject-Token")!;
        secrets.AddRange([passwordToken, keyToken, v3Token]);

        // Logins that fail, where a careless handler would log what it was given.
        (await host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-api-key"))).Status().ShouldBe(401);
        (await host.PostJson("/v2.0/tokens", IdentityRequests.V2ApiKey("demo", "demo-password"))).Status().ShouldBe(401);
        (await host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-password", tenantId: TestAccount.Other.TenantId))).Status().ShouldBe(401);
        (await host.PostJson("/v2.0/tokens", """{"auth":{"passwordCredentials":{"username":"demo","password":"demo-password"}""")).Status().ShouldBe(400);
        (await host.PostJson("/v3/auth/tokens", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId, """{"name":"Other"}"""))).Status().ShouldBe(401);

        // Using them: tokens, HTTP Basic with password and with API key, and a token that is not valid.
        foreach (var token in new[] { passwordToken, keyToken, v3Token })
            (await Get(host, "/os-floating-ips", "X-Auth-Token", token)).Status().ShouldBe(200);
        (await Get(host, $"/v2/{TestAccount.Demo.TenantId}/servers", "X-Auth-Token", passwordToken)).Status().ShouldBe(200);
        (await Get(host, "/os-floating-ips", "Authorization", Basic("demo", "demo-password"))).Status().ShouldBe(200);
        (await Get(host, "/os-floating-ips", "Authorization", Basic("demo", "demo-api-key"))).Status().ShouldBe(200);
        (await Get(host, "/os-floating-ips", "Authorization", Basic("demo", "wrong-" + "demo-password"))).Status().ShouldBe(401);
        (await Get(host, "/os-floating-ips", "X-Auth-Token", "x" + passwordToken)).Status().ShouldBe(401);
        var allocate = await host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("Authorization", Basic("demo", "demo-password"));
            x.StatusCodeShouldBe(202);
        });
        allocate.Status().ShouldBe(202);

        var records = app.Logs.Records.ToArray();
        // The recorder did see the requests (so an empty log cannot pass for a clean one).
        records.ShouldContain(r => r.Contains("RequestId=req-"));
        records.Length.ShouldBeGreaterThan(20);

        var leaks = (from record in records
                     from secret in secrets.Concat(secrets.Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes("demo:" + s))))
                     where record.Contains(secret, StringComparison.Ordinal)
                     select $"{secret}: {record}").ToList();
        leaks.ShouldBeEmpty(string.Join(Environment.NewLine, leaks.Take(5)));
    }

    static Task<IScenarioResult> Get(IAlbaHost host, string url, string header, string value) => host.Scenario(x =>
    {
        x.Get.Url(url);
        x.WithRequestHeader(header, value);
        x.IgnoreStatusCode();
    });
}
