using CloudNet.Errors;
using CloudNet.Identity.IssuingV2Tokens;

namespace CloudNet.Tests.Identity;

/// <summary><see cref="IssueV2TokenEndpoint.Authenticate"/> alone: which account, how, or which refusal.</summary>
public class when_checking_v2_credentials
{
    const string DemoTenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";
    const string OtherTenant = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
    readonly CloudNet.Identity.Accounts.AccountDirectory accounts = AccountDirectories.OfDemoAndOther();

    static IssueV2Token Password(string? user, string? password, string? tenantId = null, string? tenantName = null) =>
        new(new V2Auth(new PasswordCredentials(user, password), null, tenantId, tenantName));

    static IssueV2Token ApiKey(string? user, string? key, string? tenantId = null, string? tenantName = null) =>
        new(new V2Auth(null, new ApiKeyCredentials(user, key), tenantId, tenantName));

    Rejection Refusal(IssueV2Token command) =>
        Should.Throw<Rejection>(() => IssueV2TokenEndpoint.Authenticate(command, accounts));

    [Fact]
    public void a_password_names_the_account_and_the_password_method()
    {
        var (account, method) = IssueV2TokenEndpoint.Authenticate(Password("demo", "demo-password"), accounts);
        account.User.ShouldBe("demo");
        account.TenantId.ShouldBe(DemoTenant);
        method.ShouldBe("PASSWORD");
    }

    [Fact]
    public void an_api_key_names_the_account_and_the_apikey_method()
    {
        var (account, method) = IssueV2TokenEndpoint.Authenticate(ApiKey("other", "other-api-key"), accounts);
        account.User.ShouldBe("other");
        account.TenantId.ShouldBe(OtherTenant);
        method.ShouldBe("APIKEY");
    }

    [Theory]
    [InlineData(DemoTenant, null)]
    [InlineData(null, DemoTenant)]
    [InlineData(DemoTenant, DemoTenant)]
    [InlineData("", null)]
    [InlineData(null, "")]
    [InlineData("", DemoTenant)]
    public void the_users_own_tenant_or_none_is_accepted(string? tenantId, string? tenantName)
    {
        IssueV2TokenEndpoint.Authenticate(Password("demo", "demo-password", tenantId, tenantName), accounts)
            .Account.TenantId.ShouldBe(DemoTenant);
        IssueV2TokenEndpoint.Authenticate(ApiKey("demo", "demo-api-key", tenantId, tenantName), accounts)
            .Account.TenantId.ShouldBe(DemoTenant);
    }

    [Theory]
    [InlineData(OtherTenant, null)]
    [InlineData(null, OtherTenant)]
    [InlineData("unknown", null)]
    [InlineData("", OtherTenant)]
    public void another_tenant_is_unauthorized(string? tenantId, string? tenantName)
    {
        Refusal(Password("demo", "demo-password", tenantId, tenantName)).Kind.ShouldBe(RejectionKind.Unauthorized);
        Refusal(ApiKey("demo", "demo-api-key", tenantId, tenantName)).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Theory]
    [InlineData("demo", "wrong")]
    [InlineData("demo", "other-password")]
    [InlineData("demo", "demo-api-key")]
    [InlineData("demo", "")]
    [InlineData("nobody", "demo-password")]
    [InlineData("DEMO", "demo-password")]
    [InlineData("demo", "demo-password ")]
    public void a_wrong_password_is_unauthorized_with_rackspaces_message(string user, string password)
    {
        var refusal = Refusal(Password(user, password));
        refusal.Kind.ShouldBe(RejectionKind.Unauthorized);
        refusal.Message.ShouldBe("Unable to authenticate user with credentials provided.");
    }

    [Theory]
    [InlineData("demo", "wrong")]
    [InlineData("demo", "demo-password")]
    [InlineData("other", "demo-api-key")]
    [InlineData("keyless", "")]
    [InlineData("keyless", "keyless-password")]
    public void a_wrong_api_key_is_unauthorized(string user, string key)
    {
        Refusal(ApiKey(user, key)).Kind.ShouldBe(RejectionKind.Unauthorized);
    }

    [Fact]
    public void no_auth_object_is_a_bad_request()
    {
        var refusal = Refusal(new IssueV2Token(null));
        refusal.Kind.ShouldBe(RejectionKind.BadRequest);
        refusal.Message.ShouldStartWith("Invalid request body");
    }

    [Fact]
    public void a_null_command_from_a_json_null_body_is_a_bad_request()
    {
        Should.Throw<Rejection>(() => IssueV2TokenEndpoint.Authenticate(null, accounts)).Kind.ShouldBe(RejectionKind.BadRequest);
    }

    [Fact]
    public void auth_without_credentials_is_a_bad_request()
    {
        Refusal(new IssueV2Token(new V2Auth(null, null, DemoTenant, null))).Kind.ShouldBe(RejectionKind.BadRequest);
    }

    [Theory]
    [InlineData(null, "demo-password")]
    [InlineData("", "demo-password")]
    [InlineData("demo", null)]
    public void incomplete_password_credentials_are_a_bad_request(string? user, string? password)
    {
        Refusal(Password(user, password)).Kind.ShouldBe(RejectionKind.BadRequest);
    }

    [Theory]
    [InlineData(null, "demo-api-key")]
    [InlineData("", "demo-api-key")]
    [InlineData("demo", null)]
    public void incomplete_api_key_credentials_are_a_bad_request(string? user, string? key)
    {
        Refusal(ApiKey(user, key)).Kind.ShouldBe(RejectionKind.BadRequest);
    }

    [Fact]
    public void when_both_credential_kinds_are_sent_the_password_decides()
    {
        var both = new IssueV2Token(new V2Auth(new PasswordCredentials("demo", "demo-password"), new ApiKeyCredentials("demo", "wrong"), null, null));
        IssueV2TokenEndpoint.Authenticate(both, accounts).Method.ShouldBe("PASSWORD");
    }
}
