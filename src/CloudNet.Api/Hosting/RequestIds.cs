using CloudNet.Errors;

namespace CloudNet.Hosting;

/// <summary>
/// Gives every request an id, answers it in the header(s) its API family uses, and hands it to Wolverine
/// as the correlation id, so that the events a request causes carry the id the client saw.
/// </summary>
public static class RequestIds
{
    const string ItemKey = "cloudnet.request-id";

    public static string RequestId(this HttpContext context) =>
        context.Items[ItemKey] as string ?? context.TraceIdentifier;

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = "req-" + Guid.NewGuid();
        context.Items[ItemKey] = id;
        context.TraceIdentifier = id;
        // Wolverine.Http's ApplyCorrelationIdHeaderToAllEndpoints reads this header into the session.
        context.Request.Headers["X-Correlation-ID"] = id;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            switch (ApiFamilies.Of(context))
            {
                case ApiFamily.Compute:
                    headers["X-Compute-Request-Id"] = id;
                    headers["X-Openstack-Request-Id"] = id;
                    break;
                case ApiFamily.Networks or ApiFamily.Identity or ApiFamily.Image:
                    headers["X-Openstack-Request-Id"] = id;
                    break;
                default:
                    headers["X-Request-Id"] = id;
                    break;
            }
            return Task.CompletedTask;
        });
        using (context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CloudNet.Requests")
                   .BeginScope(new Observability.RequestLogScope(context, id)))
        {
            await next();
        }
    });
}
