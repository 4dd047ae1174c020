using System.Text.Json;
using CloudNet.Errors;

namespace CloudNet.Admin.Tenants.Seeding;

/// <summary>
/// A tenant's <c>seed</c>, as <c>POST /_cloudnet/tenants</c> takes it (moto's <c>/moto-api/seed</c> takes a number): a
/// non-negative integer or a string of 1 to 64 printable characters, kept as text (<c>42</c> and <c>"42"</c> are one seed).
/// </summary>
public static class TenantSeed
{
    public const int MaxLength = 64;

    /// <summary>The seed as text; null when none was given; a 400 when it is neither form.</summary>
    public static string? From(JsonElement? value)
    {
        if (value is not { } seed || seed.ValueKind == JsonValueKind.Null) return null;
        if (seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out var number) && number >= 0) return number.ToString();
        if (seed.ValueKind == JsonValueKind.String && seed.GetString() is { Length: > 0 and <= MaxLength } text && text.All(c => !char.IsControl(c)))
            return text;
        throw Invalid();
    }

    /// <summary>The command line's <c>--seed</c>.</summary>
    public static string? From(string? text) => text is null ? null
        : text.Length is > 0 and <= MaxLength && text.All(c => !char.IsControl(c)) ? text : throw Invalid();

    static Rejection Invalid() => Rejection.BadRequest(
        $"seed must be a non-negative integer or a string of 1 to {MaxLength} printable characters.", "BadTenant");
}
