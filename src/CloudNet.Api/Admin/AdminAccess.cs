using CloudNet.Errors;
using CloudNet.Identity;
using Microsoft.Extensions.Options;

namespace CloudNet.Admin;

/// <summary>
/// Wolverine middleware before every admin endpoint: switched off by configuration, the admin API answers as if it
/// did not exist (404); for an account that is not an admin it is 403.
/// </summary>
public static class AdminAccess
{
    public static void Before(HttpContext context, IOptions<AdminOptions> options)
    {
        if (!options.Value.Enabled) throw Rejection.NotFound("The admin API is switched off in this deployment (Admin:Enabled).", "AdminDisabled");
        if (!context.Caller().IsAdmin) throw Rejection.Forbidden("Only an admin account may use the admin API.", "NotAdmin");
    }
}
