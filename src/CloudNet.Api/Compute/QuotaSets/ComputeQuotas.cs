namespace CloudNet.Compute.QuotaSets;

/// <summary>
/// The <c>Quotas</c> configuration section: nova's default quotas. Only <see cref="FloatingIps"/> and
/// <see cref="KeyPairs"/> are enforced; the others are reported (with what the tenant holds), so that a test suite's
/// tenants are not stopped by an instance count.
/// </summary>
public sealed class QuotaDefaults
{
    public int Instances { get; set; } = 10;
    public int Cores { get; set; } = 20;
    public int Ram { get; set; } = 51200;
    public int FloatingIps { get; set; } = 10;
    public int FixedIps { get; set; } = -1;
    public int MetadataItems { get; set; } = 128;
    public int InjectedFiles { get; set; } = 5;
    public int InjectedFileContentBytes { get; set; } = 10240;
    public int InjectedFilePathBytes { get; set; } = 255;
    public int KeyPairs { get; set; } = 100;
    public int SecurityGroups { get; set; } = 10;
    public int SecurityGroupRules { get; set; } = 20;
    public int ServerGroups { get; set; } = 10;
    public int ServerGroupMembers { get; set; } = 10;
}

/// <summary>Pure: nova's quota resources, their limits for a project and which of them a microversion shows.</summary>
public static class ComputeQuotas
{
    public const string Instances = "instances";
    public const string Cores = "cores";
    public const string Ram = "ram";
    public const string FloatingIps = "floating_ips";
    public const string KeyPairs = "key_pairs";

    /// <summary>Gone from 2.36 (they were nova-network's).</summary>
    static readonly HashSet<string> NetworkResources = [FloatingIps, "fixed_ips", "security_groups", "security_group_rules"];

    /// <summary>Gone from 2.57 (personality files went with them).</summary>
    static readonly HashSet<string> InjectedFiles = ["injected_files", "injected_file_content_bytes", "injected_file_path_bytes"];

    public static IReadOnlyDictionary<string, int> Defaults(QuotaDefaults d) => new SortedDictionary<string, int>(StringComparer.Ordinal)
    {
        [Instances] = d.Instances,
        [Cores] = d.Cores,
        [Ram] = d.Ram,
        [FloatingIps] = d.FloatingIps,
        ["fixed_ips"] = d.FixedIps,
        ["metadata_items"] = d.MetadataItems,
        ["injected_files"] = d.InjectedFiles,
        ["injected_file_content_bytes"] = d.InjectedFileContentBytes,
        ["injected_file_path_bytes"] = d.InjectedFilePathBytes,
        [KeyPairs] = d.KeyPairs,
        ["security_groups"] = d.SecurityGroups,
        ["security_group_rules"] = d.SecurityGroupRules,
        ["server_groups"] = d.ServerGroups,
        ["server_group_members"] = d.ServerGroupMembers,
    };

    /// <summary>The project's limits: the defaults, with what an admin set for it on top.</summary>
    public static IReadOnlyDictionary<string, int> Limits(QuotaDefaults defaults, QuotaSet? set)
    {
        var limits = new SortedDictionary<string, int>(Defaults(defaults).ToDictionary(), StringComparer.Ordinal);
        if (set is not null)
            foreach (var (resource, limit) in set.Limits)
                if (limits.ContainsKey(resource)) limits[resource] = limit;
        return limits;
    }

    /// <summary>The resources a quota set shows (and accepts) at a microversion.</summary>
    public static bool IsShown(string resource, Microversion version) =>
        !(version.AtLeast(36) && NetworkResources.Contains(resource)) && !(version.AtLeast(57) && InjectedFiles.Contains(resource));

    /// <summary>Whether a holder of <paramref name="used"/> may take one more; -1 is unlimited, as in nova.</summary>
    public static bool HasRoomFor(int used, int limit) => limit < 0 || used < limit;
}
