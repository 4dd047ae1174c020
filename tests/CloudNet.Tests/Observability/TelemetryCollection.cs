namespace CloudNet.Tests.Observability;

/// <summary>
/// Meters and activity sources are the process's, and every in-process host listens to all of them: with other hosts
/// starting and stopping in parallel, a host's scrape or trace would mix in theirs, and a stopped host's meters take
/// the streams they share with the host under test along. These classes run alone, one host at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry, one host at a time";
}
