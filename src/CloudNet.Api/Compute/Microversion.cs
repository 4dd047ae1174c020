using System.Globalization;

namespace CloudNet.Compute;

/// <summary>
/// The compute microversion a request asks for (<c>OpenStack-API-Version: compute 2.55</c>, or the older
/// <c>X-OpenStack-Nova-API-Version: 2.55</c>); 2.1 when it names none, names <c>latest</c> or cannot be read. The
/// representations that changed across microversions (flavors, keypairs, quota sets) follow it, so a client pinned to a
/// microversion reads the fields nova documents for it.
/// </summary>
public readonly record struct Microversion(int Major, int Minor)
{
    public static readonly Microversion Default = new(2, 1);

    public bool AtLeast(int minor) => Major > 2 || (Major == 2 && Minor >= minor);

    public static Microversion Of(HttpRequest request)
    {
        var header = request.Headers["OpenStack-API-Version"].ToString();
        string? value = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length == 2 && pieces[0].Equals("compute", StringComparison.OrdinalIgnoreCase)) value = pieces[1];
        }
        value ??= request.Headers["X-OpenStack-Nova-API-Version"].ToString();
        return Parse(value);
    }

    public static Microversion Parse(string? value)
    {
        var pieces = (value ?? "").Trim().Split('.');
        return pieces.Length == 2
               && int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
               && int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
               && major == 2
            ? new Microversion(major, minor)
            : Default;
    }
}
