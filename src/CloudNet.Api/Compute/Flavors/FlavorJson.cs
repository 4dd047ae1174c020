namespace CloudNet.Compute.Flavors;

/// <summary>
/// Nova's flavor at the microversion asked for: <c>description</c> from 2.55, <c>extra_specs</c> in the detail from 2.61,
/// <c>swap</c> a number from 2.75 (before it, <c>""</c> when there is none).
/// </summary>
public static class FlavorJson
{
    public static Dictionary<string, object?> Summary(Flavor flavor, HttpRequest request, Microversion version)
    {
        var json = new Dictionary<string, object?> { ["id"] = flavor.Id, ["name"] = flavor.Name };
        if (version.AtLeast(55)) json["description"] = flavor.Description;
        json["links"] = ResourceLinks.Of(request, "flavors", flavor.Id);
        return json;
    }

    public static Dictionary<string, object?> Detail(Flavor flavor, HttpRequest request, Microversion version)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = flavor.Id,
            ["name"] = flavor.Name,
            ["ram"] = flavor.Ram,
            ["vcpus"] = flavor.Vcpus,
            ["disk"] = flavor.Disk,
            ["swap"] = flavor.Swap == 0 && !version.AtLeast(75) ? "" : flavor.Swap,
            ["OS-FLV-EXT-DATA:ephemeral"] = flavor.Ephemeral,
            ["OS-FLV-DISABLED:disabled"] = flavor.Disabled,
            ["os-flavor-access:is_public"] = flavor.IsPublic,
            ["rxtx_factor"] = flavor.RxtxFactor,
            ["links"] = ResourceLinks.Of(request, "flavors", flavor.Id),
        };
        if (version.AtLeast(55)) json["description"] = flavor.Description;
        if (version.AtLeast(61)) json["extra_specs"] = flavor.ExtraSpecs;
        return json;
    }
}
