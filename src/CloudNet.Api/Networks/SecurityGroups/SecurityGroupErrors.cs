using CloudNet.Errors;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Neutron's refusals for security groups and their rules: the exception class names (neutron's
/// <c>extensions/securitygroup.py</c>) as codes, with their messages and kinds (InvalidInput 400, NotFound 404, InUse 409).</summary>
public static class SecurityGroupErrors
{
    public static Rejection NotFound(string id) => Rejection.NotFound($"Security group {id} does not exist", "SecurityGroupNotFound");

    public static Rejection RuleNotFound(string id) => Rejection.NotFound($"Security group rule {id} does not exist", "SecurityGroupRuleNotFound");

    public static Rejection InUse(Guid id) => Rejection.Conflict($"Security Group {id} in use.", "SecurityGroupInUse");

    public static Rejection RuleExists(Guid ruleId) =>
        Rejection.Conflict($"Security group rule already exists. Rule id is {ruleId}.", "SecurityGroupRuleExists");

    public static Rejection DefaultAlreadyExists() => Rejection.Conflict("Default security group already exists.", "SecurityGroupDefaultAlreadyExists");

    public static Rejection CannotUpdateDefault() => Rejection.Conflict("Updating default security group not allowed.", "SecurityGroupCannotUpdateDefault");

    public static Rejection CannotRemoveDefault() =>
        Rejection.Conflict("Insufficient rights for removing default security group.", "SecurityGroupCannotRemoveDefault");

    public static Rejection Invalid(string type, string message) => Rejection.BadRequest(message, type);
}
