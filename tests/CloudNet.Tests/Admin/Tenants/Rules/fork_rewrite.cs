using CloudNet.Admin.Tenants.Forking;

namespace CloudNet.Tests.Admin.Tenants.Rules;

public class fork_rewrite
{
    [Fact]
    public void the_forks_ids_sort_as_the_originals_do()
    {
        var originals = Enumerable.Range(0, 200).Select(_ => Guid.CreateVersion7()).ToList();
        var rewrite = new ForkRewrite("source", "fork");

        rewrite.Assign(originals.OrderBy(_ => Random.Shared.Next()));

        var inOrder = originals.OrderBy(g => g.ToString(), StringComparer.Ordinal).ToList();
        inOrder.Select(rewrite.Mapped).Select(g => g.ToString()).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        inOrder.Select(rewrite.Mapped).Distinct().Count().ShouldBe(200);
        rewrite.Mapped(originals[0]).Version.ShouldBe(7);
    }

    [Fact]
    public void data_gets_the_forks_ids_tenant_and_addresses_and_nothing_else()
    {
        var (copied, shared) = (Guid.NewGuid(), Guid.Empty);
        var rewrite = new ForkRewrite("7a3c", "9f00");
        rewrite.Assign([copied]);
        rewrite.Readdress("198.51.100.2", "198.51.100.9");

        var json = $$"""{"Id":"{{copied}}","NetworkId":"{{shared}}","TenantId":"7a3c","Address":"198.51.100.2","Other":"198.51.100.23","Name":"7a3c-web"}""";

        rewrite.Apply(json).ShouldBe(
            $$"""{"Id":"{{rewrite.Mapped(copied)}}","NetworkId":"{{shared}}","TenantId":"9f00","Address":"198.51.100.9","Other":"198.51.100.23","Name":"7a3c-web"}""");
    }
}
