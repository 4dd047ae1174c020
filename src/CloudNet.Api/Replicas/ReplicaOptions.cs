namespace CloudNet.Replicas;

/// <summary>The <c>Replicas</c> section: how reads use the standbys named by <c>ConnectionStrings:PostgresReads</c>.</summary>
public sealed class ReplicaOptions
{
    /// <summary>
    /// The longest a read waits for a standby to replay the caller's last write before it is answered from the primary
    /// instead. A synchronous standby on a LAN replays within a millisecond or two of the commit; the bound is for a
    /// standby that lags or has stopped.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(100);
}
