using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using JasperFx;
using Marten.Exceptions;
using Npgsql;

namespace CloudNet.Errors;

/// <summary>
/// Turns what can go wrong below the endpoints into the client's error. A lost race (optimistic concurrency,
/// a unique index, a row lock) is a 409 the client can retry, never a 500; an unreachable database is a 503.
/// </summary>
public static class ExceptionTranslation
{
    public const string RaceLost =
        "Another request changed this resource at the same time; retry the request.";

    /// <returns>The error to send, and whether it is a fault of ours that must be logged.</returns>
    public static (ApiError Error, bool IsFault) Translate(Exception exception)
    {
        foreach (var ex in Unwrap(exception))
        {
            switch (ex)
            {
                case Rejection rejection:
                    return (ApiError.From(rejection), false);
                case BadHttpRequestException bad:
                    return (new ApiError(bad.StatusCode, bad.StatusCode == 413
                        ? "The request body is larger than the 1 MiB this service accepts."
                        : "The request could not be read: " + bad.Message), false);
                case JsonException json:
                    return (new ApiError(400, "Malformed request body: " + FirstLine(json.Message)), false);
                // Reading a JsonElement of the request body as what it is not: invalid UTF-8 or a lone surrogate
                // ("\uD800") in a string, a number where a string belongs. System.Text.Json says so with this exception
                // type, from its own code; the typed parts of a body fail earlier, as JsonException.
                case InvalidOperationException json when json.TargetSite?.DeclaringType?.Assembly == typeof(JsonDocument).Assembly:
                    return (new ApiError(400, "Malformed request body: " + FirstLine(json.Message)), false);
                // Text that is not valid Unicode, such as a lone surrogate that Npgsql cannot encode as UTF-8 for PostgreSQL.
                case DecoderFallbackException or EncoderFallbackException:
                    return (new ApiError(400, InvalidText), false);
                // An all-zero id ("00000000-0000-0000-0000-000000000000") names no resource; Marten refuses it as a stream id.
                case ArgumentOutOfRangeException { ParamName: "id" } empty
                    when empty.Message.StartsWith("Cannot use an empty Guid as the stream id", StringComparison.Ordinal):
                    return (new ApiError(404, ApiError.ForStatus(404).Message), false);
                case ConcurrencyException or StreamLockedException or ExistingStreamIdCollisionException:
                    return (new ApiError(409, RaceLost), false);
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.UniqueViolation
                    or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                    or PostgresErrorCodes.LockNotAvailable:
                    return (new ApiError(409, RaceLost), false);
                // Text PostgreSQL cannot hold (U+0000 in a string, which JSON allows as \u0000): the client's input, not our fault.
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.UntranslatableCharacter
                    or PostgresErrorCodes.CharacterNotInRepertoire:
                    return (new ApiError(400, UnstorableText), false);
                // 25006: a write that reached a standby, which can only happen while a failover turns it into the primary.
                case PostgresException pg when pg.SqlState.StartsWith("08") || pg.SqlState.StartsWith("57P")
                    || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction:
                    return (Unavailable, false);
                // With several hosts (docs/replicas.md), none of them the primary at the moment: a failover under way.
                case NpgsqlException { InnerException: null } none when none.Message.StartsWith("No suitable host", StringComparison.Ordinal):
                    return (Unavailable, false);
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException }:
                case SocketException:
                case TimeoutException:
                    return (Unavailable, false);
            }
        }
        return (new ApiError(500, ApiError.ForStatus(500).Message), true);
    }

    public const string InvalidText = "The request holds text that is not valid Unicode (UTF-8).";

    public const string UnstorableText =
        "The request holds text that cannot be stored: the NUL character (U+0000) is not allowed in any value.";

    static readonly ApiError Unavailable = new(503, "The database is unavailable; try again later.");

    static IEnumerable<Exception> Unwrap(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
            if (ex is AggregateException aggregate)
                foreach (var inner in aggregate.Flatten().InnerExceptions)
                foreach (var nested in Unwrap(inner))
                    yield return nested;
        }
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
