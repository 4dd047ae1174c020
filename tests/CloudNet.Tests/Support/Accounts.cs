namespace CloudNet.Tests.Support;

/// <summary>The two accounts every deployment has (SPEC, README), and the admin account of the admin API.</summary>
public sealed record TestAccount(string User, string Password, string ApiKey, string TenantId)
{
    public static readonly TestAccount Demo = new("demo", "demo-password", "demo-api-key", "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12");
    public static readonly TestAccount Other = new("other", "other-password", "other-api-key", "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f");

    /// <summary>The admin of <c>/_cloudnet</c> (appsettings.json); it has no API key.</summary>
    public static readonly TestAccount Admin = new("admin", "admin-password", "", "cloudnet-admin");

    public string BasicHeader => "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));
}
