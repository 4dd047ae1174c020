using System.Text.RegularExpressions;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Vpc.Vpcs;

/// <summary>Huawei VPC rules as pure functions, with the documented codes (OTC error_codes: VPC.01xx, VPC.02xx).</summary>
public static partial class VpcRules
{
    public static Rejection NotFound(string vpcId) => Rejection.NotFound($"VPC {vpcId} does not exist.", "VPC.0003");

    /// <summary>The documented refusal of a VPC over quota (a VPC is Neutron's router underneath, hence the word).</summary>
    public static Rejection OverQuota => Rejection.Conflict("Quota exceeded for resources: ['router'].", "VPC.0114");

    public static Vpc Visible(Vpc? vpc, string vpcId, Caller caller) =>
        vpc is not null && vpc.TenantId == caller.TenantId ? vpc : throw NotFound(vpcId);

    /// <summary>Name: at most 64 letters, digits, '_', '-', '.'; CIDR: a real IPv4 block.</summary>
    public static VpcCreated Create(Guid id, string? name, string? description, string? cidr, Caller caller, DateTimeOffset now)
    {
        var (validName, validDescription) = (Name(name), Description(description));
        return new VpcCreated(id, caller.TenantId, validName, validDescription, Block(cidr, "VPC.0101").Cidr, caller.UserName, now);
    }

    /// <summary>
    /// <c>PUT</c> on a VPC (v1's name, description and CIDR; v3's name and description): the whole new set, or null when nothing
    /// changes. A new CIDR must still hold every subnet of the VPC (<c>VPC.0117</c>).
    /// </summary>
    public static VpcUpdated? Update(Vpc vpc, string? name, string? description, string? cidr, Caller caller, DateTimeOffset now)
    {
        var newName = name is null ? vpc.Name : Name(name);
        var newDescription = description is null ? vpc.Description : Description(description);
        var newCidr = vpc.Cidr;
        if (cidr is not null)
        {
            var block = Block(cidr, "VPC.0101");
            var outside = vpc.Subnets.FirstOrDefault(s => !Contains(block, AddressBlock.Parse(s.Cidr)));
            if (outside is not null)
                throw Rejection.BadRequest($"VPC CIDR block {block.Cidr} cannot contain the subnet CIDR block {outside.Cidr}.", "VPC.0117");
            newCidr = block.Cidr;
        }
        return (newName, newDescription, newCidr) == (vpc.Name, vpc.Description, vpc.Cidr)
            ? null
            : new VpcUpdated(vpc.Id, newName, newDescription, newCidr, caller.UserName, now);
    }

    static string Name(string? name) =>
        name is null || name.Length > 64 || !NamePattern().IsMatch(name)
            ? throw Rejection.BadRequest($"Invalid VPC parameter values: name '{name}' must be 0 to 64 letters, digits, '_', '-' or '.'.", "VPC.0101")
            : name;

    static string Description(string? description) =>
        (description ?? "").Length > 255 || (description ?? "").IndexOfAny(['<', '>']) >= 0
            ? throw Rejection.BadRequest("Invalid VPC parameter values: description must be at most 255 characters, without '<' or '>'.", "VPC.0101")
            : description ?? "";

    static bool Contains(AddressBlock outer, AddressBlock inner) =>
        outer.Network.Contains(inner.Network.BaseAddress) && inner.Network.PrefixLength >= outer.Network.PrefixLength;

    /// <summary>A subnet joins a VPC when its CIDR lies inside the VPC's and overlaps none of its other subnets.</summary>
    public static VpcSubnetAdded AddSubnet(Vpc vpc, Guid networkId, string? name, string? cidr, Caller caller, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !NamePattern().IsMatch(name))
            throw Rejection.BadRequest($"Subnet name '{name}' is invalid: 1 to 64 letters, digits, '_', '-' or '.'.", "VPC.0201");
        var block = Block(cidr, "VPC.0212");
        if (!Contains(AddressBlock.Parse(vpc.Cidr), block))
            throw Rejection.BadRequest($"Subnet {block.Cidr} is not in the range of VPC {vpc.Cidr}.", "VPC.0203");
        var clash = vpc.Subnets.FirstOrDefault(s =>
        {
            var other = AddressBlock.Parse(s.Cidr).Network;
            return other.Contains(block.Network.BaseAddress) || block.Network.Contains(other.BaseAddress);
        });
        if (clash is not null)
            throw Rejection.BadRequest($"The subnet {block.Cidr} conflicts with existing subnet {clash.Cidr} of the VPC.", "VPC.0204");
        return new VpcSubnetAdded(vpc.Id, networkId, block.Cidr, caller.UserName, now);
    }

    /// <summary>The documented gateway is mandatory: a usable address of the subnet's CIDR.</summary>
    public static string Gateway(string cidr, string? gateway)
    {
        var block = AddressBlock.Parse(cidr);
        if (!IpText.TryParseAddress(gateway, out var address) || block.Check(address) != AddressCheck.Usable)
            throw Rejection.BadRequest($"gateway_ip '{gateway}' is invalid: a usable address of {cidr} is required.", "VPC.0201");
        return address.ToString();
    }

    public static VpcDeleted Delete(Vpc vpc, Caller caller, DateTimeOffset now) =>
        vpc.Subnets.Count > 0
            ? throw Rejection.Conflict("Router contains subnets, please delete subnet first.", "VPC.0104")
            : new VpcDeleted(vpc.Id, caller.UserName, now);

    static AddressBlock Block(string? cidr, string code)
    {
        if (string.IsNullOrWhiteSpace(cidr) || !AddressBlock.TryParse(cidr, null, out var block, out var error))
            throw Rejection.BadRequest($"Invalid CIDR block '{cidr}'.", code);
        if (block!.Version != 4 || block.Network.PrefixLength > 29)
            throw Rejection.BadRequest($"Invalid CIDR block '{cidr}': an IPv4 block of /29 or larger is required.", code);
        return block;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]*$")]
    private static partial Regex NamePattern();
}
