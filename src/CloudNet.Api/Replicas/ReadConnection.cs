using Marten;
using Npgsql;

namespace CloudNet.Replicas;

/// <summary>
/// A connection for the SQL a read runs by itself, beside its session (history, fill, usage, availability): on the
/// server the request's reads were routed to (<see cref="ReadRouting"/>), so that it sees what the session sees, and
/// the primary otherwise (every write, and every request when there are no replicas). The caller opens and disposes it.
/// </summary>
public static class ReadConnection
{
    // The request's route, for code that has a session but no HttpContext; set by ReadRouting around the GET.
    static readonly AsyncLocal<ReadRoute?> current = new();

    internal static ReadRoute? Current
    {
        get => current.Value;
        set => current.Value = value;
    }

    /// <summary>A new connection, opened, to the server the request reads from.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(IQuerySession session, CancellationToken ct)
    {
        var connection = current.Value?.SameServer() ?? session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
