using CloudNet.Errors;

namespace CloudNet.Networks;

public static class NeutronQuotaErrors
{
    /// <summary>neutron-lib's <c>OverQuota</c>: 409, naming the resources over their quota.</summary>
    public static Rejection OverQuota(string resource) => Rejection.Conflict($"Quota exceeded for resources: ['{resource}'].", "OverQuota");
}
