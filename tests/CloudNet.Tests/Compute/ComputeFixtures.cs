using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>The default service with a floating IP quota that a test class never reaches (the default is 10).</summary>
public sealed class RoomyQuota : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:FloatingIps"] = "1000" };
}

/// <summary>A /29 pool: six usable addresses (203.0.113.1 – .6), and a quota that is never the limit.</summary>
public sealed class TinyPool : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/29",
        ["Quotas:FloatingIps"] = "1000",
    };
}

/// <summary>A /28 pool: fourteen usable addresses (203.0.113.1 – .14), and a quota that is never the limit.</summary>
public sealed class SmallPool : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/28",
        ["Quotas:FloatingIps"] = "1000",
    };
}

/// <summary>A floating IP quota of two per tenant.</summary>
public sealed class QuotaOfTwo : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:FloatingIps"] = "2" };
}
