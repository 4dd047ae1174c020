using System.Text.Json.Nodes;
using CloudNet.Admin.Recordings.Replaying;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>
/// <c>replay &lt;file.har&gt; --target &lt;url&gt;</c>: a recorded walk re-sent as a fresh tenant into the service that recorded it
/// and into a second deployment answers alike (exit 0); a fault rule that changes one answer on the target is named as the
/// first divergence (exit 1); a seeded tenant replayed into a deployment without that seed needs no id map at all.
/// </summary>
public class when_replaying_a_recording(TwoServices services) : IClassFixture<TwoServices>
{
    HttpClient Recorder => services.Recorder.Client;

    async Task<(RecordedTenant Tenant, string File)> Record(string? seed = null)
    {
        var tenant = await Recorder.NewTenant(seed);
        await Recorder.StartRecording(tenant.TenantId);
        await Recorder.Walk(tenant);
        await Recorder.StopRecording(tenant.TenantId);
        var file = Path.Combine(Path.GetTempPath(), $"recording-{Guid.NewGuid():N}.har");
        await File.WriteAllTextAsync(file, await Recorder.Har(tenant.TenantId));
        return (tenant, file);
    }

    static async Task<(int ExitCode, string Output, string Errors, JsonNode Report)> Replay(string file, string target, string? credentials = null)
    {
        var json = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        var errors = new StringWriter();
        var input = new ReplayInput { File = file, TargetFlag = target, JsonFlag = json, CredentialsFlag = credentials };
        var exitCode = await ReplayCommand.RunAsync(input,
            name => name switch { "CLOUDNET_ADMIN_USER" => TestAccount.Admin.User, "CLOUDNET_ADMIN_PASSWORD" => TestAccount.Admin.Password, _ => null },
            output, errors, CancellationToken.None);
        var report = File.Exists(json) ? JsonNode.Parse(await File.ReadAllTextAsync(json))! : new JsonObject();
        return (exitCode, output.ToString(), errors.ToString(), report);
    }

    [Fact]
    public async Task into_the_same_service_every_answer_and_event_is_alike()
    {
        var (tenant, file) = await Record();

        var (exitCode, output, errors, report) = await Replay(file, services.Recorder.BaseAddress);

        exitCode.ShouldBe(0, output + errors);
        output.ShouldContain("Identical: 12 of 12 requests answered alike");
        errors.ShouldContain("replay: 12 of 12 requests");
        report["identical"]!.GetValue<bool>().ShouldBeTrue();
        report["tenant_id"].Str().ShouldNotBe(tenant.TenantId);
        // A fresh tenant: its network, port, VPC and floating IP have new ids, mapped from the recorded ones.
        var map = report["id_map"]!.AsObject();
        map[tenant.TenantId].Str().ShouldBe(report["tenant_id"].Str());
        map.Count.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task into_a_second_deployment_by_the_command_line_every_answer_and_event_is_alike()
    {
        var (_, file) = await Record();

        var (exitCode, output) = await RunCli("replay", file, "--target", services.Other.BaseAddress,
            "--admin-user", TestAccount.Admin.User, "--admin-password", TestAccount.Admin.Password);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("Identical: 12 of 12 requests answered alike");
    }

    [Fact]
    public async Task a_fault_rule_on_the_target_is_the_first_divergence_and_fails_the_replay()
    {
        var (_, file) = await Record();
        var target = await services.Other.Client.NewTenant();
        using (var rule = await services.Other.Client.Admin(HttpMethod.Post, "/_cloudnet/faults",
                   new { fault = new { tenant_id = target.TenantId, method = "PUT", path = "/v2.0/ports/*", status = 503, count = 1 } }))
            ((int)rule.StatusCode).ShouldBe(201, await rule.Content.ReadAsStringAsync());
        var credentials = Path.Combine(Path.GetTempPath(), $"credentials-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(credentials, target.Json);

        var (exitCode, output, errors, report) = await Replay(file, services.Other.BaseAddress, credentials);

        exitCode.ShouldBe(1, output + errors);
        var first = report["first_divergence"]!;
        first["method"].Str().ShouldBe("PUT");
        first["url"].Str().ShouldContain("/v2.0/ports/");
        first["aspect"].Str().ShouldBe("status");
        first["differences"]![0].Str().ShouldBe("recorded 200, replayed 503");
        output.ShouldStartWith("First divergence: request #8 of 12, PUT ");
        output.ShouldContain("Different: 11 of 12 requests answered alike, 1 diverged");
        report["tenant_id"].Str().ShouldBe(target.TenantId);
    }

    [Fact]
    public async Task a_recorded_answer_or_event_that_differs_is_named_with_its_json_path()
    {
        var (_, file) = await Record();
        var har = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var entries = har["log"]!["entries"]!.AsArray();
        // As if the recording came from a build whose network events and renamed port differed.
        var networkEvents = entries[3]!["_cloudnet"]!["events"]!.AsArray();
        var created = networkEvents.IndexOf(networkEvents.Single(e => e!["type"].Str() == "network_created"));
        var data = networkEvents[created]!["data"]!.AsObject();
        var labelKey = data.Select(p => p.Key).Single(k => k.Equals("label", StringComparison.OrdinalIgnoreCase));
        data[labelKey] = "other-network";
        var renamed = entries[7]!["response"]!["content"]!;
        renamed["text"] = renamed["text"].Str().Replace("\"renamed\"", "\"other-name\"");
        await File.WriteAllTextAsync(file, har.ToJsonString());

        var (exitCode, output, errors, report) = await Replay(file, services.Recorder.BaseAddress);

        exitCode.ShouldBe(1, output + errors);
        var first = report["first_divergence"]!;
        first["entry"]!.GetValue<int>().ShouldBe(4);
        first["aspect"].Str().ShouldBe("events");
        first["differences"]![0].Str().ShouldBe($"$[{created}] network_created: .{labelKey}: recorded \"other-network\", replayed \"replayed\"");
        var body = report["divergences"]!.AsArray().Single(d => d!["entry"]!.GetValue<int>() == 8)!;
        body["aspect"].Str().ShouldBe("body");
        body["differences"]![0].Str().ShouldBe("$.port.name: recorded \"other-name\", replayed \"renamed\"");
        report["diverged"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task a_seeded_tenant_replays_into_its_seed_with_no_id_mapped()
    {
        var seed = $"replay-{Guid.NewGuid():N}";
        var (tenant, file) = await Record(seed);

        var (exitCode, output, errors, report) = await Replay(file, services.Other.BaseAddress);

        exitCode.ShouldBe(0, output + errors);
        report["seed"].Str().ShouldBe(seed);
        report["tenant_id"].Str().ShouldBe(tenant.TenantId);
        // Ids, MACs and the tenant's own addresses repeat; only the floating IPs, from a pool shared by every tenant, may differ.
        report["id_map"]!.AsObject().Select(p => p.Key).Where(key => !System.Net.IPAddress.TryParse(key, out var _)).ShouldBeEmpty();
    }

    [Fact]
    public async Task two_tenants_of_one_seed_answer_the_replayed_requests_byte_for_byte_timestamps_included()
    {
        var seed = $"bytes-{Guid.NewGuid():N}";
        var tenant = await Recorder.NewTenant(seed);
        await Recorder.StartRecording(tenant.TenantId);
        await Recorder.Walk(tenant, withFloatingIps: false); // floating IPs come from a pool every tenant of a deployment shares
        await Recorder.StopRecording(tenant.TenantId);
        var file = Path.Combine(Path.GetTempPath(), $"recording-{Guid.NewGuid():N}.har");
        await File.WriteAllTextAsync(file, await Recorder.Har(tenant.TenantId));
        // The twin: the same seed in the second deployment, recorded while the replay re-sends the walk as it.
        var twin = await services.Other.Client.NewTenant(seed);
        twin.TenantId.ShouldBe(tenant.TenantId);
        var credentials = Path.Combine(Path.GetTempPath(), $"credentials-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(credentials, twin.Json);
        await services.Other.Client.StartRecording(twin.TenantId);

        var (exitCode, output, errors, _) = await Replay(file, services.Other.BaseAddress, credentials);

        exitCode.ShouldBe(0, output + errors);
        await services.Other.Client.StopRecording(twin.TenantId);
        var recorded = Answers(await File.ReadAllTextAsync(file));
        var replayed = Answers(await services.Other.Client.Har(twin.TenantId));
        replayed.Select(a => a.Request).ShouldBe(recorded.Select(a => a.Request));
        recorded.Count.ShouldBe(9);
        foreach (var (before, after) in recorded.Zip(replayed))
            after.Body.ShouldBe(before.Body, $"{before.Request}: the answers of two tenants of one seed are the same bytes");
        // Neutron's timestamps have whole seconds, so two runs a second apart would already differ; these are the seed's clock's
        // (a day of 2025, one second per write request), not the wall clock's.
        recorded.ShouldContain(a => a.Body.Contains("\"created_at\":\"2025-"), "the answers carry the seed's clock's timestamps");
    }

    /// <summary>What a HAR's tenant was answered, request by request: all but the token requests (a token is a fresh secret each
    /// time) and the replay's own reads of <c>/history</c>.</summary>
    static List<(string Request, string Body)> Answers(string har) => JsonNode.Parse(har)!["log"]!["entries"]!.AsArray()
        .Where(e => e!["_cloudnet"]?["auth"]?["kind"]?.GetValue<string>() != "credentials")
        .Select(e => (Request: $"{e!["request"]!["method"].Str()} {new Uri(e["request"]!["url"].Str()).PathAndQuery}",
            Body: e["response"]!["content"]!["text"]?.GetValue<string>() ?? ""))
        .Where(a => !a.Request.Contains(" /history/"))
        .ToList();

    /// <summary>The built command line needs no database for a replay, but builds the host, which wants a connection string.</summary>
    static Task<(int ExitCode, string Output)> RunCli(params string[] arguments) =>
        ServiceCommandLine.RunAsync("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none", arguments);
}
