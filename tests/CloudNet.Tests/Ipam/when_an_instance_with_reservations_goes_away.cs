using Alba;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.Ipam;

public sealed class InstancesOnAWidePool : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "wide",
        ["FloatingIpPools:0:Cidr"] = "198.51.100.0/24",
    };
}

/// <summary>
/// Each instance reserves a few addresses of a pool ahead of need (four at a time in a /24), in <c>ipam_reserved</c>.
/// None of them is lost when an instance goes away.
/// </summary>
public class when_an_instance_with_reservations_goes_away(InstancesOnAWidePool app) : IClassFixture<InstancesOnAWidePool>
{
    /// <summary>One that stops gives back what it did not use, and the other hands those out first, as released addresses.</summary>
    [Fact]
    public async Task an_instance_that_stops_gives_its_unused_reservations_back()
    {
        var second = await app.StartAnotherHostAsync();
        string taken;
        try
        {
            taken = await AllocateFromWide(second);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }

        (await ScalarAsync("select count(*) from cloudnet.ipam_reserved where scope = 'pool:wide'")).ShouldBe(0);
        var next = await AllocateFromWide(app.Host);
        next.ShouldNotBe(taken);
        (await ScalarAsync($"select count(*) from cloudnet.ipam_released where scope = 'pool:wide' and address > '{next}'"))
            .ShouldBeGreaterThan(0);
    }

    /// <summary>A killed instance cannot give anything back: an instance that starts later finds it silent for over a minute
    /// and puts its reservations on the released list.</summary>
    [Fact]
    public async Task the_reservations_of_a_killed_instance_are_given_back()
    {
        var dead = Guid.NewGuid();
        await ScalarAsync($"""
            insert into cloudnet.ipam_reservers (owner, seen_at) values ('{dead}', now() - interval '2 minutes');
            insert into cloudnet.ipam_reserved (scope, address, owner) values ('pool:killed', '192.0.2.7', '{dead}');
            select 1
            """);

        var third = await app.StartAnotherHostAsync();
        await third.StopAsync();
        await third.DisposeAsync();

        (await ScalarAsync($"select count(*) from cloudnet.ipam_reserved where owner = '{dead}'")).ShouldBe(0);
        (await ScalarAsync($"select count(*) from cloudnet.ipam_reservers where owner = '{dead}'")).ShouldBe(0);
        (await ScalarAsync("select count(*) from cloudnet.ipam_released where scope = 'pool:killed' and address = '192.0.2.7'"))
            .ShouldBe(1);
    }

    static async Task<string> AllocateFromWide(IAlbaHost host)
    {
        var result = await host.As(TestAccount.Demo, x => x.Post.Json(new { pool = "wide" }).ToUrl("/os-floating-ips"));
        result.Status().ShouldBe(202, await result.ReadAsTextAsync());
        return (await result.Json())["floating_ip"]!["ip"].Str();
    }

    async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
