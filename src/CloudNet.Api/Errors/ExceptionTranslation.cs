using System.Net.Sockets;
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
                case ConcurrencyException or StreamLockedException or ExistingStreamIdCollisionException:
                    return (new ApiError(409, RaceLost), false);
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.UniqueViolation
                    or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                    or PostgresErrorCodes.LockNotAvailable:
                    return (new ApiError(409, RaceLost), false);
                case PostgresException pg when pg.SqlState.StartsWith("08") || pg.SqlState.StartsWith("57P"):
                    return (Unavailable, false);
                case NpgsqlException { InnerException: SocketException or TimeoutException or IOException }:
                case SocketException:
                case TimeoutException:
                    return (Unavailable, false);
            }
        }
        return (new ApiError(500, ApiError.ForStatus(500).Message), true);
    }

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
