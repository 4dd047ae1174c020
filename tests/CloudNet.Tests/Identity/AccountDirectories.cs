using CloudNet.Identity.Accounts;
using Microsoft.Extensions.Options;

namespace CloudNet.Tests.Identity;

/// <summary>The two configured accounts as an <see cref="AccountDirectory"/>, for rules tested without a host.</summary>
static class AccountDirectories
{
    public static AccountDirectory OfDemoAndOther() => new(Options.Create(new AccountOptions
    {
        Accounts =
        [
            new Account { User = "demo", Password = "demo-password", ApiKey = "demo-api-key", TenantId = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12" },
            new Account { User = "other", Password = "other-password", ApiKey = "other-api-key", TenantId = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f" },
            new Account { User = "keyless", Password = "keyless-password", TenantId = "99999999999999999999999999999999" },
        ],
    }));
}
