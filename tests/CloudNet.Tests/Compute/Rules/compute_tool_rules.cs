using System.Text.Json;
using CloudNet.Compute;
using CloudNet.Compute.AvailabilityZones;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.QuotaSets;
using CloudNet.Compute.QuotaSets.Updating;
using CloudNet.Errors;
using CloudNet.Images;
using CloudNet.Quotas;

namespace CloudNet.Tests.Compute.Rules;

/// <summary>Pure: the rules around a server that tools rely on (keys, zones, quotas, microversions, the configured catalogs).</summary>
public class compute_tool_rules
{
    static Rejection Refused(Action act, RejectionKind kind)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        return rejection;
    }

    // ---- Public keys ----

    [Fact]
    public void a_public_keys_fingerprint_is_the_md5_of_its_blob_as_ssh_keygen_prints_it()
    {
        // ssh-keygen -l -E md5 says: a8:12:cb:92:bf:1a:6e:16:56:df:b2:1d:56:29:31:da
        PublicKeys.Fingerprint("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu test@example")
            .ShouldBe("a8:12:cb:92:bf:1a:6e:16:56:df:b2:1d:56:29:31:da");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAPp73beAHTJcmlwA6T+8vHQRrWV4EpWcWQFALv4aeOu")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")]
    [InlineData("ssh-ed25519 %%%%")]
    public void what_is_not_an_openssh_public_key_has_no_fingerprint(string key) =>
        Refused(() => PublicKeys.Fingerprint(key), RejectionKind.BadRequest).Message.ShouldBe("Keypair data is invalid: failed to generate fingerprint");

    [Fact]
    public void a_generated_pair_is_an_rsa_key_whose_public_half_has_its_fingerprint()
    {
        var pair = PublicKeys.Generate();
        pair.PublicKey.ShouldStartWith("ssh-rsa AAAAB3NzaC1yc2E");
        pair.Fingerprint.ShouldBe(PublicKeys.Fingerprint(pair.PublicKey));
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(pair.PrivateKey);
        rsa.KeySize.ShouldBe(2048);
        PublicKeys.Generate().PublicKey.ShouldNotBe(pair.PublicKey);
    }

    [Theory]
    [InlineData("web key_1-2", true)]
    [InlineData("a", true)]
    [InlineData("dots.not", false)]
    [InlineData("slash/no", false)]
    [InlineData("", false)]
    public void keypair_names_are_letters_digits_spaces_underscores_and_dashes(string name, bool valid)
    {
        if (valid) KeypairRules.ValidName(name).ShouldBe(name);
        else Refused(() => KeypairRules.ValidName(name), RejectionKind.BadRequest);
        Refused(() => KeypairRules.ValidName(new string('k', 256)), RejectionKind.BadRequest);
    }

    // ---- Availability zones ----

    [Theory]
    [InlineData(null, "nova")]
    [InlineData("nova", "nova")]
    [InlineData("nova:cloudnet", "nova")]
    [InlineData("nova:cloudnet:node", "nova")]
    [InlineData(":cloudnet", "nova")]
    public void a_zone_named_as_nova_names_it_is_the_one_zone(string? requested, string zone) =>
        AvailabilityZoneRules.ZoneFor(requested, new AvailabilityZoneOptions()).ShouldBe(zone);

    [Theory]
    [InlineData("az1")]
    [InlineData("nova:elsewhere")]
    [InlineData("nova:cloudnet:node:extra")]
    public void any_other_zone_is_not_available(string requested) =>
        Refused(() => AvailabilityZoneRules.ZoneFor(requested, new AvailabilityZoneOptions()), RejectionKind.BadRequest);

    // ---- Microversions ----

    [Theory]
    [InlineData("2.61", 61)]
    [InlineData(" 2.2 ", 2)]
    [InlineData("latest", 1)]
    [InlineData("3.0", 1)]
    [InlineData("two", 1)]
    [InlineData(null, 1)]
    public void a_microversion_is_read_or_is_2_1(string? value, int minor) => Microversion.Parse(value).ShouldBe(new Microversion(2, minor));

    // ---- Quota sets ----

    static readonly IReadOnlyDictionary<string, int> Defaults = ComputeQuotas.View(new QuotaOptions().Defaults);

    static Dictionary<string, JsonElement> Body(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void a_quota_set_takes_numbers_and_numeric_strings_and_may_go_below_what_is_held_only_when_forced()
    {
        var used = new Dictionary<string, int> { ["instances"] = 3 };
        QuotaSetChanges.From(Body("""{"instances":5,"cores":"-1"}"""), Defaults, used, Microversion.Default)
            .ShouldBe(new Dictionary<string, int> { ["cores"] = -1, ["instances"] = 5 });
        Refused(() => QuotaSetChanges.From(Body("""{"instances":2}"""), Defaults, used, Microversion.Default), RejectionKind.BadRequest)
            .Message.ShouldBe("Quota limit 2 for instances must be greater than or equal to already used and reserved 3.");
        QuotaSetChanges.From(Body("""{"instances":2,"force":"True"}"""), Defaults, used, Microversion.Default)["instances"].ShouldBe(2);
        QuotaSetChanges.From(Body("""{"instances":-1}"""), Defaults, used, Microversion.Default)["instances"].ShouldBe(-1);
    }

    [Theory]
    [InlineData("""{"networks":1}""")]
    [InlineData("""{"instances":-2}""")]
    [InlineData("""{"instances":3000000000}""")]
    [InlineData("""{"instances":true}""")]
    [InlineData("""{"force":1}""")]
    public void a_bad_quota_set_is_refused(string json) =>
        Refused(() => QuotaSetChanges.From(Body(json), Defaults, new Dictionary<string, int>(), Microversion.Default), RejectionKind.BadRequest);

    [Fact]
    public void limits_are_the_defaults_with_what_an_admin_set_and_minus_one_is_unlimited()
    {
        var set = TenantQuotas.Create(new QuotasSet("t", new Dictionary<string, int> { ["floatingip"] = 2 }, "admin", DateTimeOffset.UnixEpoch));
        var after = set.Apply(new QuotasSet("t", new Dictionary<string, int> { ["instances"] = 4 }, "admin", DateTimeOffset.UnixEpoch));
        var limits = ComputeQuotas.View(QuotaLimits.Of(new QuotaOptions().Defaults, after));
        (limits["floating_ips"], limits["instances"], limits["cores"]).ShouldBe((2, 4, 20), "nova's floating_ips is Neutron's floatingip");
        ComputeQuotas.Kept("floating_ips").ShouldBe("floatingip");
        ComputeQuotas.Kept("instances").ShouldBe("instances");
        ComputeQuotas.HasRoomFor(1_000_000, -1).ShouldBeTrue();
        ComputeQuotas.HasRoomFor(2, 2).ShouldBeFalse();
        ComputeQuotas.IsShown("floating_ips", new Microversion(2, 35)).ShouldBeTrue();
        ComputeQuotas.IsShown("floating_ips", new Microversion(2, 36)).ShouldBeFalse();
        ComputeQuotas.IsShown("injected_files", new Microversion(2, 57)).ShouldBeFalse();
    }

    // ---- The configured catalogs ----

    [Fact]
    public void a_misconfigured_image_or_flavor_stops_the_service_with_the_key_to_fix()
    {
        Should.Throw<InvalidOperationException>(() => ImageCatalog.From([new ImageOptions { Id = "not-a-uuid", Name = "x" }])).Message.ShouldStartWith("Images:0");
        var id = Guid.NewGuid().ToString();
        Should.Throw<InvalidOperationException>(() => ImageCatalog.From([new ImageOptions { Id = id, Name = "x" }, new ImageOptions { Id = Guid.NewGuid().ToString(), Name = "x" }]))
            .Message.ShouldContain("used twice");
        Should.Throw<InvalidOperationException>(() => ImageCatalog.From([new ImageOptions { Id = id, Name = "x", DiskFormat = "exe" }])).Message.ShouldContain("DiskFormat");
        Should.Throw<InvalidOperationException>(() => FlavorCatalog.From([new FlavorOptions { Id = "1", Name = "a", Ram = 0, Vcpus = 1 }])).Message.ShouldStartWith("Flavors:0");
        Should.Throw<InvalidOperationException>(() => FlavorCatalog.From([
            new FlavorOptions { Id = "1", Name = "a", Ram = 1, Vcpus = 1 }, new FlavorOptions { Id = "1", Name = "b", Ram = 1, Vcpus = 1 }])).Message.ShouldContain("used twice");
    }
}
