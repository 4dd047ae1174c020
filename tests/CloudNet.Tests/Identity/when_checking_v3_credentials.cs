using CloudNet.Errors;
using CloudNet.Identity.IssuingV3Tokens;

namespace CloudNet.Tests.Identity;

/// <summary><see cref="IssueV3TokenEndpoint.Authenticate"/> alone: the password method in the Default domain.</summary>
public class when_checking_v3_credentials
{
    const string DemoTenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";
    const string OtherTenant = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
    readonly CloudNet.Identity.Accounts.AccountDirectory accounts = AccountDirectories.OfDemoAndOther();

    static readonly V3Named DefaultByName = new(null, "Default");
    static readonly V3Named DefaultById = new("default", null);

    static IssueV3Token Login(V3User user, V3Project? project = null, string[]? methods = null) =>
        new(new V3Auth(new V3Identity(methods ?? ["password"], new V3Password(user)), project is null ? null : new V3Scope(project)));

    static V3User ByName(string name, string password, V3Named? domain = null) => new(null, name, password, domain);

    Rejection Refusal(IssueV3Token command) =>
        Should.Throw<Rejection>(() => IssueV3TokenEndpoint.Authenticate(command, accounts));

    [Fact]
    public void pkgcloud_login_by_name_in_the_default_domain_scoped_to_the_project()
    {
        var account = IssueV3TokenEndpoint.Authenticate(
            Login(ByName("demo", "demo-password", DefaultByName), new V3Project(DemoTenant, null, null)), accounts);
        account.User.ShouldBe("demo");
        account.TenantId.ShouldBe(DemoTenant);
    }

    [Fact]
    public void the_domain_may_be_named_by_id_or_left_out()
    {
        IssueV3TokenEndpoint.Authenticate(Login(ByName("demo", "demo-password", DefaultById)), accounts).User.ShouldBe("demo");
        IssueV3TokenEndpoint.Authenticate(Login(ByName("demo", "demo-password", new V3Named("default", "Default"))), accounts).User.ShouldBe("demo");
        IssueV3TokenEndpoint.Authenticate(Login(ByName("other", "other-password")), accounts).User.ShouldBe("other");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("DEFAULT")]
    public void the_domain_name_is_matched_without_case_as_keystone_does(string name)
    {
        IssueV3TokenEndpoint.Authenticate(Login(ByName("demo", "demo-password", new V3Named(null, name))), accounts).User.ShouldBe("demo");
    }

    [Fact]
    public void a_user_may_be_named_by_its_id()
    {
        var demo = accounts.ByUser("demo")!;
        IssueV3TokenEndpoint.Authenticate(Login(new V3User(demo.UserId, null, "demo-password", null)), accounts).ShouldBe(demo);
        Refusal(Login(new V3User(demo.UserId, null, "other-password", null))).Kind.ShouldBe(RejectionKind.Unauthorized);
        Refusal(Login(new V3User("no-such-id", null, "demo-password", null))).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Fact]
    public void the_project_may_be_named_by_name_equal_to_its_id()
    {
        IssueV3TokenEndpoint.Authenticate(
            Login(ByName("demo", "demo-password"), new V3Project(null, DemoTenant, DefaultByName)), accounts).TenantId.ShouldBe(DemoTenant);
    }

    [Theory]
    [InlineData(null, "Other")]
    [InlineData("other", null)]
    [InlineData("default", "Other")]
    [InlineData("Default", null)] // ids are exact
    public void another_user_domain_is_unauthorized(string? id, string? name)
    {
        Refusal(Login(ByName("demo", "demo-password", new V3Named(id, name)))).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Fact]
    public void a_project_in_another_domain_is_unauthorized()
    {
        Refusal(Login(ByName("demo", "demo-password"), new V3Project(DemoTenant, null, new V3Named("other", null))))
            .Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Theory]
    [InlineData(OtherTenant, null)]
    [InlineData(null, OtherTenant)]
    [InlineData("unknown", null)]
    public void another_users_project_is_unauthorized(string? id, string? name)
    {
        Refusal(Login(ByName("demo", "demo-password"), new V3Project(id, name, null))).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Theory]
    [InlineData("demo", "wrong")]
    [InlineData("demo", "demo-api-key")]
    [InlineData("demo", "other-password")]
    [InlineData("nobody", "demo-password")]
    public void a_wrong_password_is_unauthorized(string user, string password)
    {
        Refusal(Login(ByName(user, password, DefaultByName))).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Fact]
    public void a_project_scope_without_id_or_name_uses_the_users_own()
    {
        IssueV3TokenEndpoint.Authenticate(Login(ByName("demo", "demo-password"), new V3Project(null, null, null)), accounts)
            .TenantId.ShouldBe(DemoTenant);
    }

    public static TheoryData<string, IssueV3Token> BadRequests => new()
    {
        { "no auth", new IssueV3Token(null) },
        { "no identity", new IssueV3Token(new V3Auth(null, null)) },
        { "no methods", new IssueV3Token(new V3Auth(new V3Identity(null, new V3Password(ByName("demo", "demo-password"))), null)) },
        { "token method", Login(ByName("demo", "demo-password"), methods: ["token"]) },
        { "no password object", new IssueV3Token(new V3Auth(new V3Identity(["password"], null), null)) },
        { "no user", new IssueV3Token(new V3Auth(new V3Identity(["password"], new V3Password(null)), null)) },
        { "no password", Login(new V3User(null, "demo", null, null)) },
        { "neither name nor id", Login(new V3User(null, null, "demo-password", null)) },
    };

    [Fact]
    public void a_null_command_from_a_json_null_body_is_a_bad_request()
    {
        Should.Throw<Rejection>(() => IssueV3TokenEndpoint.Authenticate(null, accounts)).Kind.ShouldBe(RejectionKind.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void malformed_logins_are_bad_requests(string _, IssueV3Token command)
    {
        Refusal(command).Kind.ShouldBe(RejectionKind.BadRequest);
    }
}
