using CloudNet.Errors;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Vpc.Tags;

namespace CloudNet.Vpc.Subnets;

/// <summary>The DHCP and DNS fields of a Huawei subnet body (create or update); null: not given.</summary>
public sealed record HuaweiSubnetFields(string? Description, bool? DhcpEnable, string? PrimaryDns, string? SecondaryDns,
    IReadOnlyList<string>? DnsList, bool? Ipv6Enable, IReadOnlyList<System.Text.Json.JsonElement>? ExtraDhcpOpts);

/// <summary>
/// Huawei's subnet fields mapped onto the network's Neutron subnet, as pure functions: <c>dhcp_enable</c> is its
/// <c>enable_dhcp</c>, and <c>primary_dns</c>, <c>secondary_dns</c> and <c>dnsList</c> are its <c>dns_nameservers</c> (the list
/// in its order; the primary and secondary are its first two), <c>description</c> its description. So Neutron shows what a
/// Huawei client set, and the reverse.
/// </summary>
public static class HuaweiSubnetRules
{
    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.0201");

    /// <summary>Neutron's changes for the fields; <paramref name="current"/> is the DNS list now (empty for a new subnet).</summary>
    public static SubnetChanges Changes(string? name, HuaweiSubnetFields fields, IReadOnlyList<string> current)
    {
        if (fields.Ipv6Enable == true) throw Invalid("ipv6_enable is invalid: this service gives VPC subnets IPv4 only.");
        if (fields.ExtraDhcpOpts is { Count: > 0 }) throw Invalid("extra_dhcp_opts is invalid: this service has no DHCP options for subnets.");
        if (fields.Description is { } description && (description.Length > 255 || description.IndexOfAny(['<', '>']) >= 0))
            throw Invalid("description is invalid: at most 255 characters, without '<' or '>'.");
        return new SubnetChanges(Name: name, Description: fields.Description, EnableDhcp: fields.DhcpEnable,
            DnsNameservers: DnsServers(fields.PrimaryDns, fields.SecondaryDns, fields.DnsList, current));
    }

    /// <summary>
    /// The subnet's DNS servers after a create or update, or null when none of the three fields is given. <c>dnsList</c>, when
    /// given, is the list (and must hold the primary and secondary given with it, as Huawei requires); otherwise the primary and
    /// secondary replace the first two of the current list. IPv4 addresses only, at most Neutron's five.
    /// </summary>
    public static IReadOnlyList<string>? DnsServers(string? primary, string? secondary, IReadOnlyList<string>? list, IReadOnlyList<string> current)
    {
        if (primary is null && secondary is null && list is null) return null;
        string? Address(string? text, string field) =>
            string.IsNullOrEmpty(text) ? null
            : IpText.TryParseAddress(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                ? address.ToString()
                : throw Invalid($"{field} '{text}' is invalid: an IPv4 address is required.");
        var first = Address(primary, "primary_dns");
        var second = Address(secondary, "secondary_dns");
        if (second is not null && first is null && primary is not null) throw Invalid("secondary_dns requires primary_dns.");
        List<string> result;
        if (list is not null)
        {
            result = list.Select(a => Address(a, "dnsList") ?? throw Invalid("dnsList holds an empty address.")).Distinct().ToList();
            var missing = new[] { first, second }.FirstOrDefault(a => a is not null && !result.Contains(a));
            if (missing is not null) throw Invalid($"dnsList must hold primary_dns and secondary_dns; it lacks {missing}.");
        }
        else
        {
            var head = new[] { primary is null ? current.ElementAtOrDefault(0) : first, secondary is null ? current.ElementAtOrDefault(1) : second }
                .OfType<string>().Distinct().ToList();
            result = [.. head, .. current.Skip(2).Where(a => !head.Contains(a))];
        }
        return result.Count > SubnetRules.MaxDnsNameservers
            ? throw Invalid($"dnsList is invalid: at most {SubnetRules.MaxDnsNameservers} DNS servers.")
            : result;
    }

    /// <summary>The <c>tags</c> of a subnet create: <c>key*value</c> strings (a bare key has an empty value), as Neutron tags.</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string?>? tags) =>
        ResourceTags.Valid((tags ?? []).Select(t => t?.IndexOf('*') is { } at and >= 0 ? (Key: t[..at], Value: (string?)t[(at + 1)..]) : (Key: t, Value: (string?)"")))
            .Select(ResourceTags.ToNeutron).ToList();
}
