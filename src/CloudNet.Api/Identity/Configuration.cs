using CloudNet.Identity.Accounts;
using CloudNet.Identity.Authenticating;
using CloudNet.Identity.Tokens;
using Marten;

namespace CloudNet.Identity;

public static class Configuration
{
    public static IServiceCollection AddIdentityFamily(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccountOptions>(configuration);
        services.Configure<TokenOptions>(configuration.GetSection("Tokens"));
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AkSkAuthentication>();
        return services;
    }

    public static StoreOptions ConfigureIdentity(this StoreOptions options)
    {
        options.Schema.For<IssuedToken>().Index(x => x.ExpiresAt);
        options.Schema.For<StoredAccount>().UniqueIndex(x => x.AccessKey);
        return options;
    }
}
