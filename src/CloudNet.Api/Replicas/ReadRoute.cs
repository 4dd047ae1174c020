using Npgsql;

namespace CloudNet.Replicas;

/// <summary>Where a read was answered from, as <see cref="ReadRouting.ReadFromHeader"/> tells it and the metrics count it.</summary>
public enum ReadOutcome
{
    /// <summary>A standby that had replayed the tenant's last write already.</summary>
    Standby,
    /// <summary>A standby, after waiting (within <see cref="ReplicaOptions.MaxWait"/>) for it to replay the tenant's last write.</summary>
    StandbyAfterWait,
    /// <summary>The primary, because no standby had replayed the tenant's last write within the bound.</summary>
    PrimaryFallback,
    /// <summary>The primary, because no standby answered (the read hosts gave a primary, or none at all).</summary>
    NoStandby,
}

/// <summary>
/// The request's read connection (a feature of the request, set by <see cref="ReadRouting"/>): the connection the
/// replay check ran on, open, handed to the first session the request opens (<see cref="ReadRoutingSessionFactory"/>),
/// which reads on it and closes it. A second session of the same request, and a request whose route holds no connection,
/// reads on the primary as without replicas.
/// </summary>
public sealed class ReadRoute(NpgsqlConnection? connection, ReadOutcome outcome, NpgsqlDataSource? server = null) : IAsyncDisposable
{
    NpgsqlConnection? connection = connection;

    public ReadOutcome Outcome { get; } = outcome;

    public NpgsqlConnection? TakeConnection() => Interlocked.Exchange(ref connection, null);

    /// <summary>A new connection (not open) to the server of the route's connection; null for a route without one.</summary>
    public NpgsqlConnection? SameServer() => server?.CreateConnection();

    public ValueTask DisposeAsync() => TakeConnection()?.DisposeAsync() ?? ValueTask.CompletedTask;

    public string HeaderValue => NameOf(Outcome);

    public static string NameOf(ReadOutcome outcome) => outcome switch
    {
        ReadOutcome.Standby => "standby",
        ReadOutcome.StandbyAfterWait => "standby-after-wait",
        ReadOutcome.PrimaryFallback => "primary-after-wait",
        _ => "primary",
    };
}
