using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>Sends one request as the demo tenant (or nobody), exactly as written, and checks the reply's family format.</summary>
public static class Replays
{
    /// <param name="expectError">True: the reply must be a 4xx in its family's format; false: it must be a 2xx.</param>
    public static async Task<RawReply> Demo(this IAlbaHost host, string method, string path, string? json = null, string query = "",
        bool expectError = true)
    {
        var request = new RawRequest(method, path, query).WithHeader("X-Auth-Token", await host.TokenFor(TestAccount.Demo));
        if (json is not null) request = request.WithJson(json);
        if (expectError) return await host.Reject(request);
        var reply = await host.SendRawAsync(request);
        reply.Status.ShouldBeInRange(200, 299, reply.ToString());
        return reply;
    }

    public static async Task<RawReply> DemoBytes(this IAlbaHost host, string method, string path, byte[] body)
    {
        var request = new RawRequest(method, path).WithHeader("X-Auth-Token", await host.TokenFor(TestAccount.Demo))
            .WithHeader("Content-Type", "application/json") with { Body = body };
        return await host.Reject(request);
    }

    /// <summary>Sends the request; the reply must be a 4xx in its family's format.</summary>
    public static async Task<RawReply> Reject(this IAlbaHost host, RawRequest request)
    {
        var reply = await host.SendRawAsync(request);
        reply.Status.ShouldBeInRange(400, 499, reply.ToString());
        FamilyFormats.Violation(request, reply).ShouldBeNull(reply.ToString());
        return reply;
    }
}
