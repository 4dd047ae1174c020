using CloudNet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CloudNet.Tests.Limits;

/// <summary>
/// Limits switched on, Rackspace's default rules (appsettings.json) plus two small ones that tests can reach fast:
/// <c>POST /os-floating-ips</c> 3 per minute and <c>DELETE *</c> 2 per minute. The floating IP quota is out of the way.
/// Every host of the fixture (<see cref="AppFixture.StartAnotherHostAsync"/> too) runs on the same manual clock.
/// </summary>
public class LimitsOn : AppFixture
{
    public ManualClock Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 10, TimeSpan.Zero));

    protected override IDictionary<string, string?> Settings => WithSmallRules(enabled: true);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    internal static Dictionary<string, string?> WithSmallRules(bool enabled) => new()
    {
        ["Limits:Enabled"] = enabled ? "true" : "false",
        ["Limits:Rates:6:Verb"] = "POST",
        ["Limits:Rates:6:Uri"] = "/os-floating-ips",
        ["Limits:Rates:6:Value"] = "3",
        ["Limits:Rates:6:Unit"] = "MINUTE",
        ["Limits:Rates:7:Verb"] = "DELETE",
        ["Limits:Rates:7:Uri"] = "*",
        ["Limits:Rates:7:Value"] = "2",
        ["Limits:Rates:7:Unit"] = "minute",
        ["Quotas:FloatingIps"] = "50",
    };

    /// <summary>Rows in the shared counter table, read straight from PostgreSQL.</summary>
    public async Task<long> CounterRowsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cloudnet.rate_counters", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>The same rules, not enforced (the default): nothing is counted, nothing refused.</summary>
public sealed class LimitsOff : LimitsOn
{
    protected override IDictionary<string, string?> Settings => WithSmallRules(enabled: false);
}
