using System.Diagnostics;
using OpenTelemetry.Trace;

namespace CloudNet.Observability;

/// <summary>
/// Traces start at requests (server spans) or messages (consumer spans). The database work of the background loops
/// (Wolverine's node health checks and durability polling, the vacuum of the released list, the fault-rule refresh)
/// would otherwise root a trace of its own every few seconds and outnumber the requests; its spans are dropped at the
/// root, so none of their children is even created. A span under a request follows the request's decision.
/// </summary>
public sealed class RequestTraces : Sampler
{
    public static Sampler Sampler { get; } = new ParentBasedSampler(new RequestTraces());

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        new(parameters.Kind is ActivityKind.Server or ActivityKind.Consumer ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
}
