namespace CloudNet.Errors;

/// <summary>An error on its way to the client, before a family gives it its shape.</summary>
/// <param name="Code">Family-specific code (Neutron exception type, Huawei <c>VPC.xxxx</c>), when known.</param>
/// <param name="Details">More about the error, where the family's format has room for it (Rackspace's <c>details</c>).</param>
/// <param name="RetryAt">When a refused request may be retried (Rackspace's <c>retryAt</c>); goes with <paramref name="RetryAfterSeconds"/>.</param>
public sealed record ApiError(int Status, string Message, string? Code = null, int? RetryAfterSeconds = null,
    string? Details = null, DateTimeOffset? RetryAt = null)
{
    public static ApiError From(Rejection rejection) => new((int)rejection.Kind, rejection.Message, rejection.Code);

    /// <summary>Messages for statuses that the framework produces without a body (no route, wrong method, …).</summary>
    public static ApiError ForStatus(int status) => new(status, status switch
    {
        400 => "The request could not be understood.",
        401 => "The request you have made requires authentication.",
        403 => "Policy does not allow this request to be performed.",
        404 => "The resource could not be found.",
        405 => "The method is not allowed for the requested URL.",
        406 => "The requested representation is not available; this service speaks application/json.",
        409 => "There was a conflict when trying to complete your request.",
        413 => "The request body is too large.",
        415 => "The request media type is not supported; send application/json.",
        503 => "The service is unavailable; try again later.",
        _ => "The server has either erred or is incapable of performing the requested operation.",
    });
}
