using CloudNet.Admin.Recordings.Capturing;
using Marten;

namespace CloudNet.Admin.Recordings;

/// <summary>The bounds of a recording and how often an instance checks which tenants are being recorded (<c>Recording</c> section).</summary>
public sealed class RecordingOptions
{
    /// <summary>Requests a recording holds at most; the first one past it ends the recording as <c>full</c>.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Bytes of HAR entries a recording holds at most (64 MiB).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of one request's or one answer's body kept in its entry; a longer body is cut there and the entry says so.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// At most this often (milliseconds) an instance reads which tenants are being recorded. A recording started or stopped
    /// through this instance applies here at once; through another, within this interval. 0: on every request.
    /// </summary>
    public int RefreshMilliseconds { get; set; } = 500;
}

public static class Configuration
{
    public const string Prefix = Admin.Configuration.Prefix;

    public static IServiceCollection AddRecordings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecordingOptions>(configuration.GetSection("Recording"));
        services.AddSingleton<RecordingCache>();
        return services;
    }

    public static StoreOptions ConfigureRecordings(this StoreOptions options)
    {
        options.Events.MapEventType<RecordingStarted>("recording_started");
        options.Events.MapEventType<RecordingStopped>("recording_stopped");
        options.Events.MapEventType<RecordingFilled>("recording_filled");
        options.AddRecordingTables();
        return options;
    }

    /// <summary>
    /// Outside everything that may answer a request (errors, authentication, faults, endpoints), so that an entry holds what the
    /// client sent and exactly what it got; after the request ids, so that it holds the id too.
    /// </summary>
    public static IApplicationBuilder UseRecordings(this IApplicationBuilder app) => app.UseMiddleware<RequestRecorder>();
}
