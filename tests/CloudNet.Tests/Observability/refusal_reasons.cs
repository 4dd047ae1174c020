using CloudNet.Errors;
using CloudNet.Observability;

namespace CloudNet.Tests.Observability;

/// <summary>One vocabulary of refusal reasons across the families' own codes.</summary>
public class refusal_reasons
{
    [Theory]
    [InlineData(403, "OverQuota", null, "over_quota")]          // nova floating IPs, private networks
    [InlineData(409, "OverQuota", null, "over_quota")]          // Neutron
    [InlineData(404, "IpAddressGenerationFailure", null, "exhausted")] // nova's pool exhausted
    [InlineData(409, "VPC.0703", null, "exhausted")]
    [InlineData(409, "IpAddressInUse", null, "in_use")]
    [InlineData(409, "IpAddressAlreadyAllocated", null, "in_use")]
    [InlineData(409, "VPC.0701", null, "in_use")]
    [InlineData(413, null, 30, "over_limit")]                   // Rackspace rate limit
    [InlineData(413, null, null, "too_large")]                  // a body over 1 MiB
    [InlineData(404, "HistoryNotFound", null, "not_found")]
    [InlineData(401, null, null, "unauthorized")]
    [InlineData(503, null, null, "unavailable")]
    [InlineData(500, null, null, "fault")]
    public void a_refusal_is_named_by_its_code_or_else_its_status(int status, string? code, int? retryAfter, string reason) =>
        RefusalReasons.Of(new ApiError(status, "m", code, retryAfter)).ShouldBe(reason);
}
