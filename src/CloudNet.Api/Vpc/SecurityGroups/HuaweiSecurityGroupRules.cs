using System.Text.Json;
using CloudNet.Networks;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Vpc.Tags;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Vpc.SecurityGroups;

/// <summary>The request as Huawei's group routes read it (v1's and v3's body, v1's list filters), as pure functions.</summary>
public static class HuaweiSecurityGroupRules
{
    public const int MaxNameLength = 64;

    /// <summary>A group's name: 1 to 64 letters, digits, <c>_</c>, <c>-</c> or <c>.</c> (Huawei's rule; a letter may be Chinese).</summary>
    public static string Name(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')
            ? name
            : throw HuaweiSecurityGroupErrors.Invalid(
                $"name '{name}' is invalid: 1 to {MaxNameLength} letters, digits, underscores (_), hyphens (-) or periods (.).");

    /// <summary>A group's description: up to 255 characters, neither <c>&lt;</c> nor <c>&gt;</c>.</summary>
    public static string? Description(string? description) =>
        description is null || (description.Length <= NeutronBody.MaxDescriptionLength && description.IndexOfAny(['<', '>']) < 0)
            ? description
            : throw HuaweiSecurityGroupErrors.Invalid("description is invalid: up to 255 characters, without '<' or '>'.");

    /// <summary>This service has the default enterprise project only; a list may also ask for every project it may see
    /// (<c>all_granted_eps</c>, as Huawei's Terraform provider does).</summary>
    public static void EnterpriseProject(string? id, bool listing = false)
    {
        if (id is not (null or "0") && !(listing && id == "all_granted_eps"))
            throw HuaweiSecurityGroupErrors.Invalid($"enterprise_project_id '{id}' is invalid: only 0 (the default) exists here.");
    }

    /// <summary>v1's create: <c>{"security_group":{"name","vpc_id"?,"enterprise_project_id"?}}</c>; the name, and the VPC hint.</summary>
    public static (string Name, Guid? VpcId) V1Create(JsonElement? group)
    {
        var body = NeutronBody.Of("security_group", group, ["name", "vpc_id", "enterprise_project_id"]);
        EnterpriseProject(body.Text("enterprise_project_id"));
        var vpc = body.Text("vpc_id") is { Length: > 0 } text
            ? Guid.TryParse(text, out var id) ? id : throw HuaweiSecurityGroupErrors.Invalid($"vpc_id '{text}' is invalid.")
            : (Guid?)null;
        return (Name(body.Text("name")), vpc);
    }

    /// <summary>v3's <c>tags</c> on a create: <c>[{"key","value"}]</c>, each valid and no key twice (<see cref="ResourceTags"/>).</summary>
    public static IReadOnlyList<ResourceTag> Tags(IReadOnlyList<JsonElement>? tags) =>
        ResourceTags.Valid((tags ?? []).Select(t => ((string?)Text(t, "key"), (string?)(Text(t, "value") ?? ""))));

    static string? Text(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw ResourceTags.Invalid($"Tag {name} is invalid: {value.GetRawText()} is not a string.");

    /// <summary>v1's list filter <c>vpc_id</c>: none, or a VPC id (else Huawei's "vpcId is invalid").</summary>
    public static Guid? VpcFilter(string? vpcId) =>
        string.IsNullOrEmpty(vpcId) ? null
        : Guid.TryParse(vpcId, out var id) ? id
        : throw HuaweiSecurityGroupErrors.Invalid("Query security groups error vpcId is invalid.");

    /// <summary>Each filter may be given several times; a value passes when it is one of them (or none is given).</summary>
    public static bool Passes(StringValues wanted, string? value) => wanted.Count == 0 || wanted.Any(w => string.Equals(w, value, StringComparison.Ordinal));
}
