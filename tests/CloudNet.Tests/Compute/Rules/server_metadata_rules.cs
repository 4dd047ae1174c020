using CloudNet.Compute.Servers.Metadata;
using CloudNet.Errors;

namespace CloudNet.Tests.Compute.Rules;

/// <summary>Pure: nova's rules for a server's metadata.</summary>
public class server_metadata_rules
{
    static readonly Dictionary<string, string> Current = new() { ["role"] = "web", ["owner"] = "ops" };

    static Rejection Refused(Action rule) => Should.Throw<Rejection>(rule);

    [Theory]
    [InlineData("role")]
    [InlineData("a-b_c:d.e f")]
    [InlineData("K9")]
    public void keys_of_letters_digits_spaces_and_dash_underscore_colon_dot_are_valid(string key) =>
        ServerMetadataRules.Valid(new Dictionary<string, string> { [key] = "v" }).Keys.ShouldBe([key]);

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("role\n")]
    [InlineData("é")]
    public void other_keys_are_400(string key) =>
        Refused(() => ServerMetadataRules.Valid(new Dictionary<string, string> { [key] = "v" })).Kind.ShouldBe(RejectionKind.BadRequest);

    [Fact]
    public void keys_and_values_hold_at_most_255_characters_and_values_are_strings()
    {
        ServerMetadataRules.Valid(new Dictionary<string, string> { [new string('k', 255)] = new('v', 255) }).Count.ShouldBe(1);
        Refused(() => ServerMetadataRules.Valid(new Dictionary<string, string> { [new string('k', 256)] = "v" })).Message.ShouldContain("255");
        Refused(() => ServerMetadataRules.Valid(new Dictionary<string, string> { ["k"] = new('v', 256) })).Message.ShouldContain("255");
        Refused(() => ServerMetadataRules.Valid(new Dictionary<string, string> { ["k"] = null! })).Message.ShouldContain("string");
        ServerMetadataRules.Valid(null).ShouldBeEmpty();
    }

    [Fact]
    public void an_item_is_exactly_one_under_the_key_of_the_path()
    {
        ServerMetadataRules.Item("role", new Dictionary<string, string> { ["role"] = "db" }).ShouldBe(new Dictionary<string, string> { ["role"] = "db" });
        Refused(() => ServerMetadataRules.Item("role", new Dictionary<string, string> { ["tier"] = "db" })).Message.ShouldBe("Request body and URI mismatch");
        Refused(() => ServerMetadataRules.Item("role", new Dictionary<string, string> { ["role"] = "a", ["tier"] = "b" })).Kind.ShouldBe(RejectionKind.BadRequest);
        Refused(() => ServerMetadataRules.Item("role", new Dictionary<string, string>())).Kind.ShouldBe(RejectionKind.BadRequest);
        Refused(() => ServerMetadataRules.Item("role", null)).Message.ShouldContain("'meta' is a required property");
    }

    [Fact]
    public void merging_replaces_the_keys_given_and_keeps_the_rest()
    {
        ServerMetadataRules.Merged(Current, new Dictionary<string, string> { ["role"] = "db", ["tier"] = "backend" })
            .ShouldBe(new Dictionary<string, string> { ["role"] = "db", ["owner"] = "ops", ["tier"] = "backend" });
        Current.Count.ShouldBe(2, "the current set is not changed");
    }

    [Fact]
    public void removing_a_key_the_server_lacks_is_404()
    {
        ServerMetadataRules.Without(Current, "owner").ShouldBe(new Dictionary<string, string> { ["role"] = "web" });
        var missing = Refused(() => ServerMetadataRules.Without(Current, "tier"));
        (missing.Kind, missing.Message).ShouldBe((RejectionKind.NotFound, "Metadata item was not found"));
    }

    [Fact]
    public void the_metadata_items_quota_counts_the_items_of_the_server()
    {
        ServerMetadataRules.WithinQuota(Current, 2).ShouldBe(Current);
        ServerMetadataRules.WithinQuota(Current, -1).ShouldBe(Current);
        var over = Refused(() => ServerMetadataRules.WithinQuota(Current, 1));
        (over.Kind, over.Message).ShouldBe((RejectionKind.Forbidden, "Maximum number of metadata items exceeds 1"));
    }

    [Fact]
    public void sets_are_the_same_when_every_key_has_the_same_value()
    {
        ServerMetadataRules.Same(Current, new Dictionary<string, string> { ["owner"] = "ops", ["role"] = "web" }).ShouldBeTrue();
        ServerMetadataRules.Same(Current, new Dictionary<string, string> { ["owner"] = "ops", ["role"] = "db" }).ShouldBeFalse();
        ServerMetadataRules.Same(Current, new Dictionary<string, string> { ["owner"] = "ops" }).ShouldBeFalse();
    }
}
