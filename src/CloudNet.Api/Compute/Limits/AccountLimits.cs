using Microsoft.Extensions.Options;

namespace CloudNet.Compute.Limits;

/// <summary>The configured limits, compiled once: whether they are enforced, the rate limits, the absolute limits.</summary>
public sealed class AccountLimits(IOptions<LimitsOptions> options)
{
    public bool Enabled { get; } = options.Value.Enabled;

    public IReadOnlyList<RateLimitRule> Rates { get; } = options.Value.Rates.Select(RateLimitRule.From).ToList();

    public int MaxTotalPrivateNetworks { get; } = options.Value.MaxTotalPrivateNetworks;

    /// <summary>Every rule the request falls under (nova's limiter applies each matching limit, not only the first).</summary>
    public IReadOnlyList<RateLimitRule> Matching(string method, string target) =>
        Rates.Where(rule => rule.Matches(method, target)).ToList();
}

/// <summary>Checks the section at start-up, so a typo in a unit or a regex stops the service instead of being ignored.</summary>
public sealed class LimitsOptionsValidation : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var problems = options.Rates.SelectMany(RateLimitRule.Problems).ToList();
        if (problems.Count == 0)
        {
            // Two rules with one verb, regex and unit would share one counter row with two different limits.
            problems.AddRange(options.Rates.Select(RateLimitRule.From).GroupBy(rule => rule.Key).Where(g => g.Count() > 1)
                .Select(g => $"Limits:Rates lists {g.First().Verb} {g.First().Uri} per {g.First().Unit} more than once."));
        }
        if (options.MaxTotalPrivateNetworks < 0) problems.Add("Limits:MaxTotalPrivateNetworks must not be negative.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
