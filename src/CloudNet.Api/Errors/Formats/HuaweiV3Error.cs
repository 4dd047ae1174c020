using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>
/// Huawei's v3 VPC error: <c>{"error_msg","error_code","request_id"}</c> (the v3 API reference's error example), unlike v1's
/// <c>{"code","message"}</c>. The codes are v3's own (<c>VPC.9904</c> not found, <c>VPC.9902</c>/<c>VPC.9901</c> bad input).
/// </summary>
public static class HuaweiV3Error
{
    public static JsonObject Body(ApiError error, string requestId) => new()
    {
        ["error_msg"] = error.Message,
        ["error_code"] = error.Code is { } code && code.StartsWith("VPC.", StringComparison.Ordinal) ? code : CodeFor(error.Status),
        ["request_id"] = requestId,
    };

    static string CodeFor(int status) => status switch
    {
        400 => "VPC.9901",
        401 => "VPC.0008",
        403 => "VPC.2701",
        404 => "VPC.9904",
        409 => "VPC.9902",
        413 => "VPC.9901",
        503 => "VPC.0503",
        _ => "VPC.9999",
    };
}
