using Microsoft.Extensions.Options;

namespace CloudNet.Compute.Limits;

public static class LimitsRegistration
{
    public static IServiceCollection AddLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection("Limits")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidation>();
        services.AddSingleton<AccountLimits>();
        services.AddSingleton<RateCounters>();
        return services;
    }

    /// <summary>After authentication: a limit is counted per tenant.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimiting>();
}
