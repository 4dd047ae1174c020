using System.Text.Json.Nodes;
using CloudNet.Errors.Formats;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Errors;

/// <summary>The one place an error becomes a response: the family decides the body, nothing else does.</summary>
public static class ErrorResponses
{
    // Messages quote addresses and JSON; keep them readable rather than \u-escaped.
    static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        var family = ApiFamilies.Of(context);
        Observability.CloudNetMetrics.Refusal(family, error);
        var (body, contentType) = family switch
        {
            ApiFamily.Networks => (NeutronError.Body(error), "application/json"),
            ApiFamily.Vpc => (HuaweiError.Body(error), "application/json"),
            ApiFamily.VpcV3 => (HuaweiV3Error.Body(error, Hosting.RequestIds.RequestId(context)), "application/json"),
            ApiFamily.Identity => (KeystoneError.Body(error), "application/json"),
            ApiFamily.Image => (GlanceError.Body(error), "application/json"),
            ApiFamily.History or ApiFamily.Admin => (ProblemJson.Body(error), "application/problem+json"),
            _ => (NovaFault.Body(error), "application/json; charset=UTF-8"),
        };

        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = contentType;
        if (error.RetryAfterSeconds is { } retry) response.Headers.RetryAfter = retry.ToString();
        return response.WriteAsync(body.ToJsonString(Json), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, Rejection rejection) => WriteAsync(context, ApiError.From(rejection));

    /// <summary>For endpoints that answer an error without throwing.</summary>
    public static IResult Result(ApiError error) => new ErrorResult(error);

    sealed class ErrorResult(ApiError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, error);
    }
}
