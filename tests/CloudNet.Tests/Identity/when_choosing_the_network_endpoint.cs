using CloudNet.Identity;

namespace CloudNet.Tests.Identity;

/// <summary>
/// The catalog's <c>network</c> entry (SPEC, "The network endpoint (revised)"): OpenStack clients get Neutron's unversioned
/// root, <c>{base}/networking</c>, and append <c>v2.0/</c> themselves; a Rackspace identity request (an API key) gets
/// Rackspace's versioned <c>cloudNetworks</c> endpoint, <c>{base}/v2.0</c>, which pkgcloud's rackspace provider uses as it is.
/// </summary>
public class when_choosing_the_network_endpoint
{
    const string Root = "https://cloud.example.com:8443";
    const string Tenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";

    static CatalogService Network(string identityVersion, IdentityDialect dialect) =>
        ServiceCatalog.For(Root, Tenant, identityVersion, dialect).Single(s => s.Type == "network");

    [Theory]
    [InlineData("v3")]
    [InlineData("v2.0")]
    public void openstack_clients_get_neutrons_unversioned_root(string identityVersion)
    {
        Network(identityVersion, IdentityDialect.OpenStack).PublicUrl.ShouldBe($"{Root}/networking");
    }

    [Fact]
    public void rackspace_identity_gets_the_versioned_cloud_networks_endpoint()
    {
        Network("v2.0", IdentityDialect.Rackspace).PublicUrl.ShouldBe($"{Root}/v2.0");
    }

    [Theory]
    [InlineData(IdentityDialect.OpenStack)]
    [InlineData(IdentityDialect.Rackspace)]
    public void only_the_network_entry_depends_on_the_dialect(IdentityDialect dialect)
    {
        var catalog = ServiceCatalog.For(Root, Tenant, "v2.0", dialect).Where(s => s.Type != "network");

        catalog.Select(s => (s.Type, s.Name, s.PublicUrl)).ShouldBe(
        [
            ("compute", "cloudServersOpenStack", $"{Root}/v2/{Tenant}"),
            ("vpc", "vpc", $"{Root}/v1/{Tenant}"),
            ("identity", "keystone", $"{Root}/v2.0"),
            ("image", "glance", $"{Root}/image"),
        ]);
    }

    [Theory]
    [InlineData(IdentityDialect.OpenStack)]
    [InlineData(IdentityDialect.Rackspace)]
    public void the_network_entry_keeps_its_name_whichever_url_it_has(IdentityDialect dialect)
    {
        // pkgcloud files catalog entries by name: one name per type, whatever the dialect.
        Network("v2.0", dialect).Name.ShouldBe("cloudNetworks");
    }
}
