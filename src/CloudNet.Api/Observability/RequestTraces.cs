using System.Diagnostics;
using System.Globalization;
using OpenTelemetry.Trace;

namespace CloudNet.Observability;

/// <summary>
/// Traces start at requests (server spans) or messages (consumer spans). The database work of the background loops
/// (Wolverine's node health checks and durability polling, the vacuum of the released list, the fault-rule refresh)
/// would otherwise root a trace of its own every few seconds and outnumber the requests; its spans are dropped at the
/// root, so none of their children is even created. A span under a request follows the request's decision.
/// Of the requests, all are traced, or the fraction the standard variables ask for
/// (<c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c> or <c>traceidratio</c>, <c>OTEL_TRACES_SAMPLER_ARG=0.1</c>).
/// </summary>
public sealed class RequestTraces(double ratio) : Sampler
{
    readonly Sampler requests = ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio);

    public static Sampler For(IConfiguration configuration) => new ParentBasedSampler(new RequestTraces(Ratio(configuration)));

    /// <summary>The fraction of requests to trace: 1 unless a ratio sampler is asked for with a ratio from 0 to 1.</summary>
    public static double Ratio(IConfiguration configuration) =>
        configuration["OTEL_TRACES_SAMPLER"] is "traceidratio" or "parentbased_traceidratio"
        && double.TryParse(configuration["OTEL_TRACES_SAMPLER_ARG"], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
        && ratio is >= 0 and <= 1
            ? ratio
            : 1;

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        parameters.Kind is ActivityKind.Server or ActivityKind.Consumer
            ? requests.ShouldSample(parameters)
            : new SamplingResult(SamplingDecision.Drop);
}
