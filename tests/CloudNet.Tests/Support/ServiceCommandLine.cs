using System.Diagnostics;

namespace CloudNet.Tests.Support;

/// <summary>The service's own command line (<c>dotnet CloudNet.Api.dll …</c>, as <c>ops/cli</c> runs it), in a process of its own.</summary>
public static class ServiceCommandLine
{
    /// <summary>Runs it on the given database (a command that needs none still builds the host, which wants a connection string).
    /// The output is stdout, then stderr after a marker line when there is any.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(folder, "CloudNet.Api.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        var errors = await stderr;
        return (process.ExitCode, await stdout + (errors.Length > 0 ? "\n--- stderr ---\n" + errors : ""));
    }
}
