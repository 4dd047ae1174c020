namespace CloudNet.Admin.Recordings;

public static class RecordingJson
{
    public static object From(RecordingRow row) => new
    {
        recording = new
        {
            id = row.RecordingId,
            tenant_id = row.TenantId,
            state = row.State,
            started_at = row.StartedAt,
            ended_at = row.EndedAt,
            entries = row.Entries,
            bytes = row.Bytes,
            max_entries = row.MaxEntries,
            max_bytes = row.MaxBytes,
            har = HarPath(row.TenantId),
        },
    };

    public static string Path(string tenant) => $"{Configuration.Prefix}/tenants/{tenant}/recording";

    public static string HarPath(string tenant) => Path(tenant) + ".har";
}
