using System.Text;
using CloudNet.Errors;
using CloudNet.Hosting;
using CloudNet.Identity.Accounts;
using CloudNet.Identity.Tokens;

namespace CloudNet.Identity.Authenticating;

/// <summary>
/// Establishes the caller of every route that needs one, from <c>X-Auth-Token</c>, HTTP Basic (Hostway) or a
/// Huawei AK/SK signature, and refuses a tenant (compute) or project (VPC) id in the path that is not the caller's.
/// </summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, TokenService tokens, AccountDirectory accounts, AkSkAuthentication akSk)
{
    /// <summary>Seed 003's body for a failed HTTP Basic login, word for word.</summary>
    public const string BasicUnauthorizedBody =
        "401 Unauthorized This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (PublicRoutes.Allow(context.Request))
        {
            await next(context);
            return;
        }

        var caller = await AuthenticateAsync(context);
        if (caller is null) return; // the response is written

        if (context.PathTenant() is { } pathTenant && pathTenant != caller.TenantId)
        {
            await ErrorResponses.WriteAsync(context, new ApiError(400,
                $"Malformed request URL: URL's project_id '{pathTenant}' doesn't match Context's project_id '{caller.TenantId}'"));
            return;
        }

        // Huawei's answer to a URL project id that is not the caller's (OTC error_codes: VPC.0007).
        if (ProjectInPath.Of(context.Request) is { } project && project != caller.TenantId)
        {
            await ErrorResponses.WriteAsync(context, new ApiError(400, "Inconsistent tenant IDs.", "VPC.0007"));
            return;
        }

        context.Features.Set(caller);
        context.User = caller.ToPrincipal();
        await next(context);
    }

    async Task<Caller?> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue("X-Auth-Token", out var token) && !string.IsNullOrWhiteSpace(token))
        {
            var caller = await tokens.ResolveAsync(token.ToString().Trim(), context.RequestAborted);
            if (caller is null)
                await ErrorResponses.WriteAsync(context, new ApiError(401, "The request you have made requires authentication."));
            return caller;
        }

        if (AkSkAuthentication.IsUsedBy(request)) return await akSk.AuthenticateAsync(context);

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var account = await BasicAccountAsync(authorization["Basic ".Length..].Trim(), context.RequestAborted);
            if (account is not null) return Caller.Of(account);
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"cloudnet\"";
            await context.Response.WriteAsync(BasicUnauthorizedBody, context.RequestAborted);
            return null;
        }

        await ErrorResponses.WriteAsync(context, new ApiError(401, "The request you have made requires authentication."));
        return null;
    }

    async Task<Account?> BasicAccountAsync(string encoded, CancellationToken ct)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return null;
        var (user, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        // Hostway sends the password; Rackspace users often hold only an API key: accept either.
        await accounts.LoadUserAsync(user, ct);
        return accounts.ByPassword(user, secret) ?? accounts.ByApiKey(user, secret);
    }
}
