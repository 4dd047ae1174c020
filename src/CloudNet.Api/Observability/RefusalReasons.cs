using CloudNet.Errors;

namespace CloudNet.Observability;

/// <summary>
/// Why a request was refused, in one vocabulary across the families: each family words the same refusal its own way
/// (nova 403 over quota, Neutron 409 <c>OverQuota</c>, Huawei <c>VPC.0703</c> for an exhausted subnet), and an
/// operator wants one line per reason on a dashboard. Anything else is named after its status.
/// </summary>
public static class RefusalReasons
{
    static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        ["OverQuota"] = "over_quota",
        ["IpAddressGenerationFailure"] = "exhausted",
        ["VPC.0703"] = "exhausted",
        ["IpAddressInUse"] = "in_use",
        ["IpAddressAlreadyAllocated"] = "in_use",
        ["VPC.0701"] = "in_use",
    };

    public static string Of(ApiError error)
    {
        if (error.Code is { } code && ByCode.TryGetValue(code, out var reason)) return reason;
        return error.Status switch
        {
            400 => "bad_request",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not_found",
            405 => "method_not_allowed",
            409 => "conflict",
            // A rate limit says when to come back; a body over the limit does not.
            413 => error.RetryAfterSeconds is null ? "too_large" : "over_limit",
            415 => "unsupported_media_type",
            501 => "not_implemented",
            503 => "unavailable",
            >= 500 => "fault",
            _ => $"status_{error.Status}",
        };
    }
}
