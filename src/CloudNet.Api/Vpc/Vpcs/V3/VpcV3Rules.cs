using CloudNet.Errors;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Vpc.Vpcs.V3;

/// <summary>v3's list and error rules, as pure functions.</summary>
public static class VpcV3Rules
{
    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.9901");

    /// <summary>
    /// The VPC rules are v1's; their refusals carry v1's codes (<c>VPC.0101</c>…), which v3 words as its own: a bad parameter is
    /// <c>VPC.9901</c>, a conflict (a VPC that still has subnets) <c>VPC.9902</c>; the message stays.
    /// </summary>
    public static T InV3Terms<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (Rejection e) when (e.Code is not null && !e.Code.StartsWith("VPC.99", StringComparison.Ordinal))
        {
            throw e.Kind switch
            {
                RejectionKind.BadRequest => Invalid(e.Message),
                RejectionKind.Conflict => Rejection.Conflict(e.Message, "VPC.9902"),
                _ => e,
            };
        }
    }

    /// <summary>v3's paging is v1's (<see cref="HuaweiPaging"/>), its refusal v3's <c>VPC.9901</c>.</summary>
    public static (int Limit, Guid? Marker) Page(StringValues limit, StringValues marker) => HuaweiPaging.Page(limit, marker, Invalid);

    /// <summary>Each filter may be given several times; a VPC passes a filter when it matches one of its values.</summary>
    public static IReadOnlyList<Vpc> Filter(IEnumerable<Vpc> vpcs, StringValues ids, StringValues names, StringValues descriptions, StringValues cidrs) =>
        vpcs.Where(v => Passes(ids, v.Id.ToString(), StringComparison.OrdinalIgnoreCase) && Passes(names, v.Name, StringComparison.Ordinal)
                && Passes(descriptions, v.Description, StringComparison.Ordinal) && Passes(cidrs, v.Cidr, StringComparison.Ordinal))
            .ToList();

    /// <summary>The page after <paramref name="marker"/> (ids in order) and whether another follows it.</summary>
    public static (IReadOnlyList<Vpc> Page, bool More) PageOf(IReadOnlyList<Vpc> ordered, int limit, Guid? marker) =>
        HuaweiPaging.PageOf(ordered, v => v.Id, limit, marker);

    static bool Passes(StringValues wanted, string value, StringComparison comparison) =>
        wanted.Count == 0 || wanted.Any(w => string.Equals(w, value, comparison));
}
