using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>RFC 9457 problem details, for this product's own routes (history, admin).</summary>
public static class ProblemJson
{
    public static JsonObject Body(ApiError error)
    {
        var body = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(error.Status),
            ["status"] = error.Status,
            ["detail"] = error.Message,
        };
        if (error.Code is not null) body["code"] = error.Code;
        return body;
    }
}
