using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Observability;

/// <summary>
/// The service as an operator runs it, in a process of its own with <c>Logging__Console__FormatterName=json</c> and every
/// category at Trace: each line on stdout is a JSON object; a line logged while a request is served carries its request
/// id, tenant and route; and no line holds a password, an API key, a token, a secret key or an AK/SK signature, however
/// the login ends.
/// </summary>
public class when_logging_as_json : IAsyncLifetime
{
    // JasperFx's command line says once, before logging starts, that it leaves --urls to ASP.NET Core.
    const string CommandLineNotice = "Detected reserved AspNetCore or .NET flags, so bypassing JasperFx command line and using IHost.RunAsync()";

    readonly string database = $"cloudnet_test_{Guid.NewGuid():N}";
    readonly ConcurrentQueue<string> lines = new();
    Process service = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(database);
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(folder, "CloudNet.Api.dll"), "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Logging__Console__FormatterName"] = "json";
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Wolverine", "Marten", "JasperFx", "Npgsql" })
            start.Environment[$"Logging__LogLevel__{category}"] = "Trace";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        service = new Process { StartInfo = start };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            if (e.Data.Contains("\"Now listening on: ")) listening.TrySetResult(JsonNode.Parse(e.Data)!["State"]!["address"].Str());
        };
        service.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        service.Start();
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
        client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (!service.HasExited) service.Kill(entireProcessTree: true);
        service.Dispose();
        await PostgresServer.DropDatabaseAsync(database);
    }

    /// <summary>SIGTERM, as a container stop sends: the console logger writes what it queued before the process ends.</summary>
    async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", service.Id.ToString()])) await kill.WaitForExitAsync();
        await service.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        service.WaitForExit(); // drains the redirected output
    }

    static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? header = null, string? value = null, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (header is not null) request.Headers.TryAddWithoutValidation(header, value);
        if (json is not null) request.Content = JsonContent.Create(json);
        return await client.SendAsync(request);
    }

    async Task<string> V2Token(object credentials)
    {
        var response = await Send(HttpMethod.Post, "/v2.0/tokens", json: new { auth = credentials });
        ((int)response.StatusCode).ShouldBe(200);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access"]!["token"]!["id"].Str();
    }

    async Task<HttpResponseMessage> SignedGet(string path, string secretKey)
    {
        var date = HuaweiSdkSigner.DateOf(DateTimeOffset.UtcNow);
        var host = client.BaseAddress!.Authority;
        var authorization = new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", secretKey)
            .Sign("GET", path, [], new Dictionary<string, string> { ["host"] = host, ["x-sdk-date"] = date }, "");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task every_line_is_json_with_the_requests_scope_and_no_secret()
    {
        var demo = TestAccount.Demo;
        var secrets = new List<string> { demo.Password, demo.ApiKey, "demo-secret-key", "wrong-demo-secret-key" };

        var byPassword = await V2Token(new { passwordCredentials = new { username = demo.User, password = demo.Password } });
        var byKey = await V2Token(new Dictionary<string, object> { ["RAX-KSKEY:apiKeyCredentials"] = new { username = demo.User, apiKey = demo.ApiKey } });
        var v3 = await Send(HttpMethod.Post, "/v3/auth/tokens", json: JsonNode.Parse(IdentityRequests.V3Pkgcloud(demo.User, demo.Password, demo.TenantId)));
        ((int)v3.StatusCode).ShouldBe(201);
        var v3Token = v3.Headers.GetValues("X-Subject-Token").Single();
        secrets.AddRange([byPassword, byKey, v3Token]);

        // Logins that fail, where a careless handler would log what it was given.
        ((int)(await Send(HttpMethod.Post, "/v2.0/tokens", json: new { auth = new { passwordCredentials = new { username = demo.User, password = demo.ApiKey } } })).StatusCode).ShouldBe(401);
        ((int)(await Send(HttpMethod.Get, "/os-floating-ips", "Authorization", Basic(demo.User, "wrong-" + demo.Password))).StatusCode).ShouldBe(401);
        ((int)(await Send(HttpMethod.Get, "/os-floating-ips", "X-Auth-Token", "x" + byPassword)).StatusCode).ShouldBe(401);

        // Using each credential.
        var allocated = await Send(HttpMethod.Post, "/os-floating-ips", "X-Auth-Token", byPassword);
        ((int)allocated.StatusCode).ShouldBe(202);
        var requestId = allocated.Headers.GetValues("X-Compute-Request-Id").Single();
        ((int)(await Send(HttpMethod.Get, "/os-floating-ips", "X-Auth-Token", byKey)).StatusCode).ShouldBe(200);
        ((int)(await Send(HttpMethod.Get, "/v2.0/networks", "X-Auth-Token", v3Token)).StatusCode).ShouldBe(200);
        ((int)(await Send(HttpMethod.Get, "/os-floating-ips", "Authorization", Basic(demo.User, demo.Password))).StatusCode).ShouldBe(200);
        ((int)(await Send(HttpMethod.Get, "/os-floating-ips", "Authorization", Basic(demo.User, demo.ApiKey))).StatusCode).ShouldBe(200);
        var signed = await SignedGet($"/v1/{demo.TenantId}/vpcs", "demo-secret-key");
        ((int)signed.StatusCode).ShouldBe(200, await signed.Content.ReadAsStringAsync());
        ((int)(await SignedGet($"/v1/{demo.TenantId}/vpcs", "wrong-demo-secret-key")).StatusCode).ShouldBe(401);
        // The signatures themselves, and HTTP Basic's encoded pairs.
        secrets.Add(Signature(new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", "demo-secret-key")
            .Sign("GET", $"/v1/{demo.TenantId}/vpcs", [], new Dictionary<string, string>
                { ["host"] = client.BaseAddress!.Authority, ["x-sdk-date"] = signed.RequestMessage!.Headers.GetValues("X-Sdk-Date").Single() }, "")));
        secrets.AddRange(new[] { demo.Password, demo.ApiKey, "wrong-" + demo.Password }.Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{demo.User}:{s}"))));

        await StopAsync();
        var all = lines.ToArray();

        // JSON, every line but JasperFx's notice.
        var records = new List<JsonObject>();
        foreach (var line in all.Where(l => l.Length > 0 && l != CommandLineNotice))
        {
            JsonNode? parsed = null;
            Should.NotThrow(() => parsed = JsonNode.Parse(line), $"not JSON: {line}");
            records.Add(parsed.ShouldBeOfType<JsonObject>());
        }
        records.Count.ShouldBeGreaterThan(50);

        // Lines logged within a request carry its scope; once authenticated, the tenant; once routed, the route.
        var scoped = records.Select(r => (Record: r, Scope: RequestScope(r))).Where(x => x.Scope is not null).ToList();
        scoped.Count.ShouldBeGreaterThan(10);
        scoped.ShouldAllBe(x => x.Scope!.ContainsKey("TenantId") && x.Scope.ContainsKey("Route"));
        var allocation = scoped.Where(x => x.Scope!["RequestId"].Str() == requestId).ToList();
        allocation.ShouldNotBeEmpty();
        allocation.ShouldContain(x => x.Scope!["TenantId"].Str() == demo.TenantId && x.Scope["Route"].Str() == "/os-floating-ips");

        var leaks = (from line in all from secret in secrets where line.Contains(secret, StringComparison.Ordinal) select $"{secret}: {line}").ToList();
        leaks.ShouldBeEmpty(string.Join(Environment.NewLine, leaks.Take(5)));
    }

    /// <summary>The scope the service opens for each request: the one whose request id is the one it answers (req-…).</summary>
    static JsonObject? RequestScope(JsonObject record) => record["Scopes"] is JsonArray scopes
        ? scopes.OfType<JsonObject>().LastOrDefault(s => s["RequestId"]?.GetValueKind() == JsonValueKind.String && s["RequestId"].Str().StartsWith("req-"))
        : null;

    static string Signature(string authorization) => authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
}
