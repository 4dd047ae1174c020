using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace CloudNet.Errors;

/// <summary>
/// Wolverine and ASP.NET answer some bad requests themselves with a <see cref="ProblemDetails"/> (a malformed or
/// mistyped JSON body, an unreadable or oversized body, an unparseable query value), and they write it through
/// <see cref="IProblemDetailsService"/>. This one writes it as the family's own error instead, so the error
/// middleware never has to hold a response body back to rewrite it. Every family's error goes through
/// <see cref="ErrorResponses"/>, the history and admin routes' too (their format is problem+json), so one message is
/// given for one fault whichever route it reaches.
/// </summary>
public sealed class FamilyProblemDetails : IProblemDetailsService
{
    public async ValueTask WriteAsync(ProblemDetailsContext context) => await TryWriteAsync(context);

    /// <remarks>Declines only when the answer has begun: nothing can be written in its place then.</remarks>
    public async ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (http.Response.HasStarted) return false;
        await ErrorResponses.WriteAsync(http, ToApiError(http, context.ProblemDetails));
        return true;
    }

    /// <summary>The framework's problem, as the error the client gets.</summary>
    public static ApiError ToApiError(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        var message = status switch
        {
            413 => "The request body is larger than the 1 MiB this service accepts.",
            400 when problem.Title == "Invalid JSON format" => "Malformed request body: " + Clean(problem.Detail),
            _ => problem.Detail ?? problem.Title ?? ApiError.ForStatus(status).Message,
        };
        return new ApiError(status, message);
    }

    // System.Text.Json names our CLR types; the client needs what is wrong and where.
    static string Clean(string? detail) => detail is null
        ? "the body is not valid JSON."
        : Regex.Replace(detail.Split(" | ")[0], @"could not be converted to [\w.`\[\]]*[\w`\]]", "has the wrong type");
}
