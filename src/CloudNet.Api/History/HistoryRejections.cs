using CloudNet.Errors;

namespace CloudNet.History;

/// <summary>The refusals of the history routes (rendered as problem+json like every /history error).</summary>
public static class HistoryRejections
{
    public static Rejection NotFound(string kind, string id) =>
        Rejection.NotFound($"No history of {kind} {id} that this tenant may see.", "HistoryNotFound");

    public static Rejection DidNotExist(string kind, string id, string when) =>
        Rejection.NotFound($"{kind} {id} did not exist {when}.", "NotExistingThen");

    public static Rejection BadQuery(string message) => Rejection.BadRequest(message, "BadHistoryQuery");
}
