using System.Text.RegularExpressions;
using CloudNet.Ids;

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

    /// <summary>
    /// Gives the fork an id for each id it copies, in the originals' order: lists ordered (or paged) by id then list the
    /// fork's resources in the order the original's were. New ids come from the one source of time-ordered ids
    /// (<see cref="IdSource.TimeOrdered"/>), which only grows, so they sort as they are made.
    /// </summary>
    public void Assign(IEnumerable<Guid> originals)
    {
        foreach (var original in originals.Distinct().OrderBy(id => id.ToString(), StringComparer.Ordinal))
            if (!ids.ContainsKey(original)) ids[original] = IdSource.TimeOrdered.Next();
    }

    public Guid Mapped(Guid id) => ids.TryGetValue(id, out var copy) ? copy : id;

    /// <summary>The fork's id for <paramref name="original"/> is <paramref name="copy"/>: for streams whose id derives
    /// from their owner (a keypair's, a quota set's), the id the fork's owner derives. Before <see cref="Assign"/>.</summary>
    public void Pin(Guid original, Guid copy) => ids[original] = copy;

    public void Readdress(string original, string replacement) => addresses[original] = replacement;

    /// <summary>The event data (JSON as stored) as the fork records it.</summary>
    public string Apply(string json)
    {
        var rewritten = GuidText().Replace(json, m => Guid.TryParse(m.Value, out var id) && ids.TryGetValue(id, out var copy) ? copy.ToString() : m.Value);
        rewritten = rewritten.Replace($"\"{sourceTenant}\"", $"\"{forkTenant}\"", StringComparison.Ordinal);
        return addresses.Count == 0 ? rewritten
            : QuotedAddress().Replace(rewritten, m => addresses.TryGetValue(m.Groups[1].Value, out var to) ? $"\"{to}\"" : m.Value);
    }

    // A whole JSON string that looks like an IPv4 or IPv6 address (a lookup decides whether it is one the fork moved).
    [GeneratedRegex("\"([0-9a-fA-F:.]{2,45})\"")]
    private static partial Regex QuotedAddress();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidText();
}
