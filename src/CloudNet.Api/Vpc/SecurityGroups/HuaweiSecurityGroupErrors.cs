using CloudNet.Errors;

namespace CloudNet.Vpc.SecurityGroups;

/// <summary>
/// The refusals of Huawei's security group routes. Every rule is Neutron's (the groups are Neutron's), so Neutron's refusals are
/// worded again here by kind, keeping their message: v1 answers 400 <c>VPC.0601</c> and 409 <c>VPC.0602</c> (the codes Huawei's
/// own v1 answers carry for a bad security group parameter and a group in use), 404 <c>VPC.0603</c> for a group (as the port
/// routes answer for a group they name) and <c>VPC.0604</c> for a rule; v3 answers its generic <c>VPC.9901</c>, <c>VPC.9902</c>
/// and <c>VPC.9904</c>, as its VPC routes do.
/// </summary>
public static class HuaweiSecurityGroupErrors
{
    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.0601");

    public static Rejection NotFound(string id) => Rejection.NotFound($"Security group {id} does not exist.", "VPC.0603");

    public static Rejection RuleNotFound(string id) => Rejection.NotFound($"Security group rule {id} does not exist.", "VPC.0604");

    /// <summary>Over the group or rule quota (Neutron's resource names, as Huawei's message quotes them).</summary>
    public static Rejection OverQuota(string resource) => Rejection.Conflict($"Quota exceeded for resources: ['{resource}'].", "VPC.0602");

    /// <summary>Runs a request of v1 (or of the tag routes); a refusal in another family's terms takes v1's code for its kind.</summary>
    public static async Task<T> InV1Terms<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (Rejection e) when (e.Code is null || !e.Code.StartsWith("VPC.", StringComparison.Ordinal))
        {
            throw V1(e);
        }
    }

    /// <summary>Runs a request of v3; every refusal takes v3's code for its kind (v1's included).</summary>
    public static async Task<T> InV3Terms<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (Rejection e) when (e.Code is null || !e.Code.StartsWith("VPC.99", StringComparison.Ordinal))
        {
            throw new Rejection(e.Kind, e.Message, e.Kind switch
            {
                RejectionKind.BadRequest => "VPC.9901",
                RejectionKind.Conflict => "VPC.9902",
                RejectionKind.NotFound => "VPC.9904",
                _ => e.Code,
            });
        }
    }

    static Rejection V1(Rejection e) => new(e.Kind, e.Message, e.Kind switch
    {
        RejectionKind.BadRequest => "VPC.0601",
        RejectionKind.Conflict => "VPC.0602",
        RejectionKind.NotFound when e.Code == "SecurityGroupRuleNotFound" => "VPC.0604",
        RejectionKind.NotFound => "VPC.0603",
        _ => e.Code,
    });
}
