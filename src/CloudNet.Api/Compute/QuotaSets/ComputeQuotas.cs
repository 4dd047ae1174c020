using CloudNet.Quotas;

namespace CloudNet.Compute.QuotaSets;

/// <summary>
/// Pure: nova's quota resources, seen over the tenant's quotas (<see cref="QuotaLimits"/>): nova's names for what nova and
/// Neutron share (<c>floating_ips</c> is Neutron's <c>floatingip</c>, one quota), and which of them a microversion shows.
/// Only <c>floating_ips</c>, <c>key_pairs</c> and <c>metadata_items</c> (per server) are enforced; the others are reported
/// (with what the tenant holds), so that a test suite's tenants are not stopped by an instance count.
/// </summary>
public static class ComputeQuotas
{
    public const string Instances = QuotaResources.Instances;
    public const string Cores = QuotaResources.Cores;
    public const string Ram = QuotaResources.Ram;
    public const string FloatingIps = "floating_ips";
    public const string KeyPairs = QuotaResources.KeyPairs;
    public const string MetadataItems = "metadata_items";

    /// <summary>nova's name of each resource where it is not the one the quotas keep.</summary>
    static readonly Dictionary<string, string> NovaNames = new()
    {
        [QuotaResources.FloatingIp] = FloatingIps,
        [QuotaResources.SecurityGroup] = "security_groups",
        [QuotaResources.SecurityGroupRule] = "security_group_rules",
    };

    /// <summary>The resources nova's quota set has, by nova's names.</summary>
    static readonly string[] Resources =
    [
        Instances, Cores, Ram, FloatingIps, "fixed_ips", MetadataItems, "injected_files", "injected_file_content_bytes",
        "injected_file_path_bytes", KeyPairs, "security_groups", "security_group_rules", "server_groups", "server_group_members",
    ];

    /// <summary>Gone from 2.36 (they were nova-network's).</summary>
    static readonly HashSet<string> NetworkResources = [FloatingIps, "fixed_ips", "security_groups", "security_group_rules"];

    /// <summary>Gone from 2.57 (personality files went with them).</summary>
    static readonly HashSet<string> InjectedFiles = ["injected_files", "injected_file_content_bytes", "injected_file_path_bytes"];

    /// <summary>The tenant's quotas under nova's names, nova's resources only, in nova's order of names.</summary>
    public static IReadOnlyDictionary<string, int> View(IReadOnlyDictionary<string, int> limits) =>
        new SortedDictionary<string, int>(Resources.ToDictionary(r => r, r => limits[Kept(r)]), StringComparer.Ordinal);

    /// <summary>The name the quotas keep for one of nova's names.</summary>
    public static string Kept(string novaName) => NovaNames.FirstOrDefault(n => n.Value == novaName).Key ?? novaName;

    /// <summary>The resources a quota set shows (and accepts) at a microversion.</summary>
    public static bool IsShown(string resource, Microversion version) =>
        !(version.AtLeast(36) && NetworkResources.Contains(resource)) && !(version.AtLeast(57) && InjectedFiles.Contains(resource));

    /// <summary>Whether a holder of <paramref name="used"/> may take one more; -1 is unlimited, as in nova.</summary>
    public static bool HasRoomFor(int used, int limit) => QuotaLimits.Allows(limit, used, 1);
}
