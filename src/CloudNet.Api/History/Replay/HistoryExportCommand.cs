using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace CloudNet.History.Replay;

public sealed class HistoryExportInput : NetCoreInput
{
    [Description("File to write the JSON lines to (gzip when it ends in .gz); standard output when left out or '-'")]
    public string? OutputFlag { get; set; }
}

/// <summary>
/// <c>history-export [--output events.jsonl]</c>: the whole event log as JSON lines, for a bug report or to move a
/// deployment (<see cref="HistoryImportCommand"/> reads it back). Safe while the service runs: it only reads.
/// </summary>
[Description("Export the event log as JSON lines (one event per line, in sequence order, with its metadata)", Name = "history-export")]
public sealed class HistoryExportCommand : JasperFxAsyncCommand<HistoryExportInput>
{
    public override async Task<bool> Execute(HistoryExportInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        // With the log on standard output, progress goes to standard error so that the output stays pure JSON lines.
        var log = EventLogFile.IsStandardStream(input.OutputFlag) ? Console.Error : Console.Out;
        await using var output = EventLogFile.OpenWrite(input.OutputFlag);
        await EventLogExport.WriteAsync(store, output, log, CancellationToken.None);
        return true;
    }

    /// <summary>
    /// When the log goes to standard output, everything else the process prints there (JasperFx's command discovery lines,
    /// console logging) goes to standard error instead, so that the output is the JSON lines alone and can be piped
    /// straight into <c>history-import</c>. Called by Program before the command line runs.
    /// </summary>
    public static void KeepStandardOutputForTheLog(WebApplicationBuilder builder, string[] args)
    {
        if (args.Length == 0 || args[0] != "history-export") return;
        var flag = Array.FindIndex(args, a => a is "--output" or "-o");
        if (flag >= 0 && flag + 1 < args.Length && !EventLogFile.IsStandardStream(args[flag + 1])) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
