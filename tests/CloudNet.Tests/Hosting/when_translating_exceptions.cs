using System.Net.Sockets;
using System.Text.Json;
using CloudNet.Errors;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace CloudNet.Tests.Hosting;

/// <summary><see cref="ExceptionTranslation.Translate"/>: what the client gets for what went wrong below, and
/// whether it is a fault of ours (logged) or an answer (not logged as an error). No host needed.</summary>
public class when_translating_exceptions
{
    static PostgresException Postgres(string sqlState) => new("message text", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(RejectionKind.BadRequest, 400)]
    [InlineData(RejectionKind.Unauthorized, 401)]
    [InlineData(RejectionKind.Forbidden, 403)]
    [InlineData(RejectionKind.NotFound, 404)]
    [InlineData(RejectionKind.Conflict, 409)]
    [InlineData(RejectionKind.OverLimit, 413)]
    public void a_rejection_is_answered_as_it_was_made(RejectionKind kind, int status)
    {
        var (error, isFault) = ExceptionTranslation.Translate(new Rejection(kind, "As the rule said.", "Code.1"));
        error.ShouldBe(new ApiError(status, "As the rule said.", "Code.1"));
        isFault.ShouldBeFalse();
    }

    [Fact]
    public void an_oversized_body_is_413_with_the_limit_in_the_message()
    {
        var (error, isFault) = ExceptionTranslation.Translate(new BadHttpRequestException("Request body too large.", 413));
        error.Status.ShouldBe(413);
        error.Message.ShouldContain("1 MiB");
        isFault.ShouldBeFalse();
    }

    [Fact]
    public void an_unreadable_request_keeps_its_status()
    {
        var (error, isFault) = ExceptionTranslation.Translate(new BadHttpRequestException("Unexpected end of request content.", 400));
        error.Status.ShouldBe(400);
        error.Message.ShouldContain("Unexpected end of request content.");
        isFault.ShouldBeFalse();
    }

    [Fact]
    public void malformed_json_is_400_with_the_first_line_of_the_reason()
    {
        var (error, isFault) = ExceptionTranslation.Translate(new JsonException("'}' is invalid after a value. Path: $.pool\nLineNumber: 0 | BytePositionInLine: 9."));
        error.Status.ShouldBe(400);
        error.Message.ShouldBe("Malformed request body: '}' is invalid after a value. Path: $.pool");
        isFault.ShouldBeFalse();
    }

    public static TheoryData<string, Exception> LostRaces => new()
    {
        { "optimistic concurrency", new ConcurrencyException(typeof(object), Guid.NewGuid()) },
        { "stream locked", new StreamLockedException(Guid.NewGuid(), new InvalidOperationException("locked")) },
        { "stream id taken", new ExistingStreamIdCollisionException(Guid.NewGuid(), typeof(object)) },
        { "unique violation", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "serialization failure", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "deadlock", Postgres(PostgresErrorCodes.DeadlockDetected) },
        { "lock not available", Postgres(PostgresErrorCodes.LockNotAvailable) },
        { "wrapped by Marten", new MartenCommandException(new NpgsqlCommand("select 1"), Postgres(PostgresErrorCodes.UniqueViolation)) },
        { "inside an aggregate", new AggregateException(new InvalidOperationException("first"), Postgres(PostgresErrorCodes.SerializationFailure)) },
    };

    [Theory]
    [MemberData(nameof(LostRaces))]
    public void a_lost_race_is_a_409_to_retry_never_a_500(string _, Exception exception)
    {
        var (error, isFault) = ExceptionTranslation.Translate(exception);
        error.ShouldBe(new ApiError(409, ExceptionTranslation.RaceLost));
        isFault.ShouldBeFalse();
    }

    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "connection failure", Postgres("08006") },
        { "connection refused by server", Postgres("08001") },
        { "admin shutdown", Postgres("57P01") },
        { "cannot connect now", Postgres("57P03") },
        { "socket", new SocketException((int)SocketError.ConnectionRefused) },
        { "npgsql over a socket", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "npgsql timeout", new NpgsqlException("Timeout", new TimeoutException()) },
        { "npgsql io", new NpgsqlException("Broken pipe", new IOException("broken")) },
        { "timeout", new TimeoutException() },
        { "wrapped timeout", new InvalidOperationException("outer", new TimeoutException()) },
        // Several hosts, none of them the primary (a failover under way), and a write that reached a standby meanwhile.
        { "no primary among the hosts", new NpgsqlException("No suitable host was found.") },
        { "read-only standby", Postgres("25006") },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void an_unreachable_database_is_503(string _, Exception exception)
    {
        var (error, isFault) = ExceptionTranslation.Translate(exception);
        error.Status.ShouldBe(503);
        error.Message.ShouldNotContain("Exception");
        isFault.ShouldBeFalse();
    }

    public static TheoryData<string, Exception> Faults => new()
    {
        { "a bug", new NullReferenceException("Object reference not set to an instance of an object.") },
        { "invalid operation", new InvalidOperationException("Sequence contains no elements") },
        { "undefined table", Postgres(PostgresErrorCodes.UndefinedTable) },
        { "npgsql without a network cause", new NpgsqlException("something else") },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void anything_else_is_a_logged_500_that_tells_the_client_nothing(string _, Exception exception)
    {
        var (error, isFault) = ExceptionTranslation.Translate(exception);
        error.Status.ShouldBe(500);
        error.Message.ShouldBe(ApiError.ForStatus(500).Message);
        error.Message.ShouldNotContain(exception.Message);
        isFault.ShouldBeTrue();
    }

    [Fact]
    public void a_rejection_anywhere_in_the_chain_wins()
    {
        var wrapped = new InvalidOperationException("handler failed", Rejection.NotFound("No such pool."));
        ExceptionTranslation.Translate(wrapped).Error.ShouldBe(new ApiError(404, "No such pool."));
        var aggregate = new AggregateException(new AggregateException(Rejection.Conflict("In use.")));
        ExceptionTranslation.Translate(aggregate).Error.ShouldBe(new ApiError(409, "In use."));
    }
}
