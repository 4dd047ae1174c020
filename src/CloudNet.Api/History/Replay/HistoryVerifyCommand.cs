using JasperFx.CommandLine;
using Marten;

namespace CloudNet.History.Replay;

public sealed class HistoryVerifyInput : NetCoreInput;

/// <summary>
/// <c>history-verify</c>: rebuilds every read model into a separate schema and prints every difference with the live
/// ones (<see cref="RebuildVerification"/>). Exit code 0 when there is none, 1 otherwise.
/// </summary>
[Description("Rebuild every read model into a separate schema and compare it with the live read models, printing every difference",
    Name = "history-verify")]
public sealed class HistoryVerifyCommand : JasperFxAsyncCommand<HistoryVerifyInput>
{
    public override async Task<bool> Execute(HistoryVerifyInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        return await RebuildVerification.RunAsync(store, configuration, Console.Out, CancellationToken.None) == 0;
    }
}
