using CloudNet.Compute.FloatingIps.Pools;
using JasperFx.CommandLine;
using Marten;

namespace CloudNet.History.Replay;

public sealed class HistoryImportInput : NetCoreInput
{
    [Description("Exported JSON lines to read (gzip when it ends in .gz); standard input when left out or '-'")]
    public string? InputFlag { get; set; }

    [Description("Do not load: only rebuild the read models and derive the write-side state (finishes an interrupted import)")]
    public bool ResumeFlag { get; set; }
}

/// <summary>
/// <c>history-import --input events.jsonl</c>: loads an exported log into an empty store (see <see cref="ImportTarget"/>),
/// rebuilds every read model and derives the IPAM and MAC state, so the service started on that database afterwards
/// answers as the exporting one did. Run it with the service stopped.
/// </summary>
[Description("Import an exported event log into an empty store, rebuild every read model and derive the IPAM and MAC state",
    Name = "history-import")]
public sealed class HistoryImportCommand : JasperFxAsyncCommand<HistoryImportInput>
{
    public override async Task<bool> Execute(HistoryImportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var pools = host.Services.GetRequiredService<FloatingIpPools>();
        var log = Console.Out;
        try
        {
            if (!input.ResumeFlag)
            {
                await using var file = EventLogFile.OpenRead(input.InputFlag);
                await EventLogImport.LoadAsync(store, file, log, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is ImportRefused or InvalidDataException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"history-import: {ex.Message}");
            return false;
        }
        try
        {
            await EventLogImport.FinishAsync(store, pools, log, CancellationToken.None);
        }
        catch
        {
            await Console.Error.WriteLineAsync(
                "history-import: the events are in, but rebuilding or deriving failed (below); fix the cause and run history-import --resume");
            throw;
        }
        return true;
    }
}
