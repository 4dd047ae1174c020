using System.Globalization;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.History;

/// <summary>Calls of the <c>/history</c> routes, and the instants they take.</summary>
public static class HistoryScenarios
{
    /// <summary>An instant as <c>at=</c> takes it, to PostgreSQL's microsecond.</summary>
    public static string At(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    public static DateTimeOffset Microseconds(this DateTimeOffset instant, int micros) => instant.AddTicks(micros * 10L);

    public static async Task<JsonNode> HistoryOk(this IAlbaHost host, TestAccount account, string url)
    {
        var result = await host.As(account, x => x.Get.Url(url));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"{url}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonArray> EventsOf(this IAlbaHost host, TestAccount account, string kind, string id) =>
        (await host.HistoryOk(account, $"/history/{kind}/{id}/events"))["events"]!.AsArray();

    public static DateTimeOffset Timestamp(this JsonNode recordedEvent) =>
        DateTimeOffset.Parse(recordedEvent["timestamp"].Str(), CultureInfo.InvariantCulture);

    /// <summary>Asserts an RFC 9457 problem with the status; returns the body.</summary>
    public static async Task<JsonNode> ShouldBeProblem(this IScenarioResult result, int status)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        var body = JsonNode.Parse(text)!;
        body["status"]!.GetValue<int>().ShouldBe(status);
        body["detail"].Str().ShouldNotBeNullOrWhiteSpace();
        return body;
    }
}
