using CloudNet.Networks;

namespace CloudNet.Compute.IsolatedNetworks;

/// <summary>Rackspace's <c>os-networksv2</c> view of a network: id, label and (for tenant networks) its CIDR.</summary>
public static class IsolatedNetworkJson
{
    public static Dictionary<string, object?> From(Network network)
    {
        var json = new Dictionary<string, object?> { ["id"] = network.NetworkId, ["label"] = network.Label };
        if (!network.IsProvider && network.Subnets.FirstOrDefault() is { } subnet) json["cidr"] = subnet.Cidr;
        return json;
    }

    public static Errors.Rejection NotFound(string networkId) => Errors.Rejection.NotFound($"Network {networkId} could not be found.");
}
