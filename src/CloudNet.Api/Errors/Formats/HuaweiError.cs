using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>
/// Huawei VPC error: the documented <c>{"code","message"}</c>, plus the same values as <c>error_code</c> /
/// <c>error_msg</c>, which are the only fields the Huawei SDKs read (SPEC decision).
/// </summary>
public static class HuaweiError
{
    public static JsonObject Body(ApiError error)
    {
        var code = error.Code is { } own && own.StartsWith("VPC.", StringComparison.Ordinal) ? own : CodeFor(error.Status);
        return new JsonObject
        {
            ["code"] = code,
            ["message"] = error.Message,
            ["error_code"] = code,
            ["error_msg"] = error.Message,
        };
    }

    static string CodeFor(int status) => status switch
    {
        400 => "VPC.0002",
        401 => "VPC.0008",
        403 => "VPC.2701",
        404 => "VPC.0704",
        409 => "VPC.0709",
        413 => "VPC.0413",
        503 => "VPC.0503",
        _ => "VPC.0500",
    };
}
