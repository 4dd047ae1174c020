using System.Text.RegularExpressions;

namespace CloudNet.Admin.Tenants.Forking;

/// <summary>
/// Pure: how a forked tenant's copy of an event's data differs from the original's — its own ids for everything
/// the fork copies (resources, ports, subnets), its own tenant id, and a new address where the original's was
/// taken on a shared network by the time of the fork. Everything else (the shared networks' ids, users, times in
/// the data) stays as it was.
/// </summary>
public sealed partial class ForkRewrite(string sourceTenant, string forkTenant)
{
    readonly Dictionary<Guid, Guid> ids = [];
    readonly Dictionary<string, string> addresses = [];

    public IReadOnlyDictionary<Guid, Guid> Ids => ids;
    public IReadOnlyDictionary<string, string> Addresses => addresses;

    /// <summary>The fork's id for an id the fork copies; made the first time it is asked for.</summary>
    public Guid IdFor(Guid original)
    {
        if (!ids.TryGetValue(original, out var copy)) ids[original] = copy = Guid.CreateVersion7();
        return copy;
    }

    public Guid Mapped(Guid id) => ids.TryGetValue(id, out var copy) ? copy : id;

    public void Readdress(string original, string replacement) => addresses[original] = replacement;

    /// <summary>The event data (JSON as stored) as the fork records it.</summary>
    public string Apply(string json)
    {
        var rewritten = GuidText().Replace(json, m => Guid.TryParse(m.Value, out var id) && ids.TryGetValue(id, out var copy) ? copy.ToString() : m.Value);
        rewritten = rewritten.Replace($"\"{sourceTenant}\"", $"\"{forkTenant}\"", StringComparison.Ordinal);
        foreach (var (from, to) in addresses)
            rewritten = rewritten.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal);
        return rewritten;
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidText();
}
