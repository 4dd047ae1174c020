using System.Diagnostics;
using CloudNet.Observability;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace CloudNet.Tests.Observability;

/// <summary>Which roots become traces: requests (all, or the standard variables' fraction), never a background loop.</summary>
public class request_traces
{
    static SamplingDecision Root(double ratio, ActivityKind kind) => new RequestTraces(ratio)
        .ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "span", kind)).Decision;

    static double Ratio(string? sampler, string? arg) => RequestTraces.Ratio(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER"] = sampler, ["OTEL_TRACES_SAMPLER_ARG"] = arg })
        .Build());

    [Fact]
    public void requests_and_messages_root_a_trace_and_nothing_else_does()
    {
        Root(1, ActivityKind.Server).ShouldBe(SamplingDecision.RecordAndSample);
        Root(1, ActivityKind.Consumer).ShouldBe(SamplingDecision.RecordAndSample);
        Root(1, ActivityKind.Client).ShouldBe(SamplingDecision.Drop);   // Npgsql's command of a background loop
        Root(1, ActivityKind.Internal).ShouldBe(SamplingDecision.Drop);
        Root(0, ActivityKind.Server).ShouldBe(SamplingDecision.Drop);
    }

    [Theory]
    [InlineData(null, null, 1.0)]
    [InlineData("parentbased_traceidratio", "0.1", 0.1)]
    [InlineData("traceidratio", "0", 0.0)]
    [InlineData("always_on", "0.1", 1.0)]
    [InlineData("parentbased_traceidratio", "2", 1.0)]
    [InlineData("parentbased_traceidratio", "a tenth", 1.0)]
    public void the_fraction_comes_from_the_standard_variables(string? sampler, string? arg, double ratio) =>
        Ratio(sampler, arg).ShouldBe(ratio);
}
