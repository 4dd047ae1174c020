using Microsoft.Extensions.Options;

namespace CloudNet.Compute.Flavors;

/// <summary>One flavor of the <c>Flavors</c> configuration section (sizes in MiB and GiB, as nova counts them).</summary>
public sealed class FlavorOptions
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int Ram { get; set; }
    public int Vcpus { get; set; }
    public int Disk { get; set; }
    public int Swap { get; set; }
    public int Ephemeral { get; set; }
    public double RxtxFactor { get; set; } = 1.0;
    public bool IsPublic { get; set; } = true;
    public bool Disabled { get; set; }
    public string? Description { get; set; }
    public Dictionary<string, string> ExtraSpecs { get; set; } = [];
}

public sealed record Flavor(string Id, string Name, int Ram, int Vcpus, int Disk, int Swap, int Ephemeral, double RxtxFactor, bool IsPublic,
    bool Disabled, string? Description, IReadOnlyDictionary<string, string> ExtraSpecs);

/// <summary>
/// The configured flavors, checked once: an id or a name used twice (server create takes a flavor by either) or a size
/// out of range stops the service with the key to fix. Listed in id order, as nova sorts them by default.
/// </summary>
public sealed class FlavorCatalog
{
    public IReadOnlyList<Flavor> All { get; }

    public FlavorCatalog(IOptions<List<FlavorOptions>> options) => All = From(options.Value);

    public static IReadOnlyList<Flavor> From(IReadOnlyList<FlavorOptions> configured)
    {
        var flavors = new List<Flavor>();
        for (var i = 0; i < configured.Count; i++)
        {
            var f = configured[i];
            string Problem(string what) => $"Flavors:{i} ({f.Id}): {what}";
            if (string.IsNullOrWhiteSpace(f.Id) || f.Id.Length > 255) throw new InvalidOperationException(Problem("Id of 1 to 255 characters is required"));
            if (string.IsNullOrWhiteSpace(f.Name) || f.Name.Length > 255) throw new InvalidOperationException(Problem("Name of 1 to 255 characters is required"));
            if (f.Ram < 1 || f.Vcpus < 1) throw new InvalidOperationException(Problem("Ram and Vcpus must be at least 1"));
            if (f.Disk < 0 || f.Swap < 0 || f.Ephemeral < 0 || f.RxtxFactor <= 0)
                throw new InvalidOperationException(Problem("Disk, Swap and Ephemeral must not be negative, RxtxFactor must be positive"));
            if (flavors.Any(x => x.Id == f.Id)) throw new InvalidOperationException(Problem($"Id {f.Id} is used twice"));
            if (flavors.Any(x => x.Name == f.Name)) throw new InvalidOperationException(Problem($"Name '{f.Name}' is used twice"));
            flavors.Add(new Flavor(f.Id, f.Name, f.Ram, f.Vcpus, f.Disk, f.Swap, f.Ephemeral, f.RxtxFactor, f.IsPublic, f.Disabled,
                f.Description, f.ExtraSpecs));
        }
        return flavors.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
    }

    public Flavor? ById(string id) => All.FirstOrDefault(f => f.Id == id);

    /// <summary>A flavor named by its id, or by its (unique) name.</summary>
    public Flavor? ByIdOrName(string reference) => ById(reference) ?? All.FirstOrDefault(f => f.Name == reference);
}
