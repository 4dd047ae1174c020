using System.Diagnostics;
using CloudNet.Errors;
using CloudNet.Hosting;
using CloudNet.Identity;

namespace CloudNet.Observability;

/// <summary>
/// What the telemetry of a request needs to know wherever it is recorded: its API family, for the allocator's counter
/// deep below the endpoint (which is shared by every family and is not handed the request), and, on its trace, the
/// request id and tenant that lead from a slow span to <c>/history/requests/{id}</c>.
/// </summary>
public static class RequestTelemetry
{
    static readonly AsyncLocal<string?> CurrentFamily = new();

    /// <summary>The family of the request being served on this flow, or <c>none</c> (a start-up task, the command line).</summary>
    public static string Family => CurrentFamily.Value ?? "none";

    public static string Name(ApiFamily family) => family switch
    {
        ApiFamily.Compute => "compute",
        ApiFamily.Networks => "networks",
        ApiFamily.Vpc or ApiFamily.VpcV3 => "vpc",
        ApiFamily.Identity => "identity",
        ApiFamily.History => "history",
        ApiFamily.Image => "image",
        _ => "admin",
    };

    /// <summary>After the request ids: a request's family for the counters, only when something counts.</summary>
    public static IApplicationBuilder UseRequestTelemetry(this IApplicationBuilder app, bool metrics)
    {
        if (!metrics) return app;
        return app.Use((context, next) =>
        {
            CurrentFamily.Value = Name(ApiFamilies.Of(context));
            return next(context);
        });
    }

    /// <summary>The attributes that tie a request's server span to its history (set when the response is sent, after
    /// authentication has named the tenant).</summary>
    public static void Enrich(Activity activity, HttpContext context)
    {
        var id = context.RequestId();
        activity.SetTag("cloudnet.request_id", id);
        activity.SetTag("cloudnet.history", $"/history/requests/{id}");
        if (context.Features.Get<Caller>() is { } caller) activity.SetTag("cloudnet.tenant_id", caller.TenantId);
    }
}
