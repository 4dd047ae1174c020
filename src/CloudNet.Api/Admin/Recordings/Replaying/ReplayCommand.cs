using JasperFx.CommandLine;

namespace CloudNet.Admin.Recordings.Replaying;

public sealed class ReplayInput
{
    [Description("The HAR file to replay (GET /_cloudnet/tenants/{tenant}/recording.har)")]
    public string File { get; set; } = "";

    [Description("The base URL of the service to replay it against, e.g. http://127.0.0.1:5080")]
    [FlagAlias("target", true)]
    public string? TargetFlag { get; set; }

    [Description("The target's admin user (default: CLOUDNET_ADMIN_USER)")]
    [FlagAlias("admin-user", true)]
    public string? AdminUserFlag { get; set; }

    [Description("The target's admin password (default: CLOUDNET_ADMIN_PASSWORD)")]
    [FlagAlias("admin-password", true)]
    public string? AdminPasswordFlag { get; set; }

    [Description("Replay into this tenant instead of a fresh one: a file holding what POST /_cloudnet/tenants answered")]
    [FlagAlias("credentials", true)]
    public string? CredentialsFlag { get; set; }

    [Description("Also write the report as JSON to this file")]
    [FlagAlias("json", true)]
    public string? JsonFlag { get; set; }
}

/// <summary>
/// <c>replay &lt;file.har&gt; --target &lt;base-url&gt;</c>: re-sends a recording to a service as a fresh tenant of it and compares
/// every answer and the events it caused with the recorded ones (<see cref="HarReplay"/>). Exit code 0 when identical, 1 when not
/// (or when it could not run). Needs no database: it only speaks HTTP to the target.
/// </summary>
[Description("Replay a HAR recording against a service and compare its answers and events with the recorded ones", Name = "replay")]
public sealed class ReplayCommand : JasperFxAsyncCommand<ReplayInput>
{
    public ReplayCommand()
    {
        Usage("Replay a recording").Arguments(x => x.File);
    }

    public override async Task<bool> Execute(ReplayInput input) =>
        await RunAsync(input, Environment.GetEnvironmentVariable, Console.Out, Console.Error, CancellationToken.None) == 0;

    /// <summary>The command's work, for the command line and for tests: 0 identical, 1 different, 2 could not replay.</summary>
    public static async Task<int> RunAsync(ReplayInput input, Func<string, string?> environment, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        try
        {
            if (input.TargetFlag is not { Length: > 0 } targetUrl) throw new ArgumentException("--target is required: the base URL of the service.");
            var recording = HarRecording.Parse(await System.IO.File.ReadAllTextAsync(input.File, ct));
            using var target = new HttpClient { BaseAddress = new Uri(targetUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
            var tenant = input.CredentialsFlag is { } credentials
                ? ReplayTenant.FromJson(System.Text.Json.Nodes.JsonNode.Parse(await System.IO.File.ReadAllTextAsync(credentials, ct))!)
                : await ReplayTenant.CreateAsync(target,
                    input.AdminUserFlag ?? environment("CLOUDNET_ADMIN_USER") ?? throw new ArgumentException("--admin-user (or CLOUDNET_ADMIN_USER) is required."),
                    input.AdminPasswordFlag ?? environment("CLOUDNET_ADMIN_PASSWORD")
                        ?? throw new ArgumentException("--admin-password (or CLOUDNET_ADMIN_PASSWORD) is required."),
                    recording.Seed, ct);
            errors.WriteLine($"replay: {recording.Entries.Count:N0} requests of {input.File} as tenant {tenant.TenantId} of {targetUrl}");
            var report = await new HarReplay(target, tenant, errors, TimeProvider.System).RunAsync(recording, ct);
            ReplayReportText.Write(report, recording, output);
            if (input.JsonFlag is { } json)
                await System.IO.File.WriteAllTextAsync(json, ReplayReportText.ToJson(report).ToJsonString(new System.Text.Json.JsonSerializerOptions
                {
                    WriteIndented = true, Encoder = Har.Json.Encoder,
                }), ct);
            return report.Identical ? 0 : 1;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or InvalidOperationException or HttpRequestException
                                       or System.Text.Json.JsonException)
        {
            errors.WriteLine($"replay: {ex.Message}");
            return 2;
        }
    }
}
