using System.Diagnostics;
using System.Text;

namespace CloudNet.Tests.Support;

public sealed record ProcessResult(int ExitCode, string Output);

/// <summary>
/// Runs a real client against the service: for one written for Node.js (tests/huawei-sdk, tests/pkgcloud), checks that
/// node and npm are there (without them such a test fails, since passing would prove nothing) and installs the
/// packages from the lock file when needed; for any client (tests/openstack-cli, tests/gophercloud too), runs its
/// program with a deadline.
/// </summary>
public static class NodeScripts
{
    static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The folder of a client under <c>tests/</c>, ready to run: node and npm present, packages installed.</summary>
    public static async Task<string> PrepareAsync(string clientFolder, string what)
    {
        var folder = ClientFolder(clientFolder);
        await ShouldHaveTool("node", folder, what);
        await ShouldHaveTool("npm", folder, what);
        await InstallPackagesIfNeeded(folder);
        return folder;
    }

    /// <summary>The folder of a client under <c>tests/</c> (for clients that are not Node packages).</summary>
    public static string ClientFolder(string clientFolder) => Path.Combine(RepositoryRoot(), "tests", clientFolder);

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds CloudNet.EventSourced.sln.");
    }

    static async Task ShouldHaveTool(string tool, string folder, string what)
    {
        ProcessResult version;
        try
        {
            version = await RunAsync(tool, ["--version"], folder, TimeSpan.FromMinutes(1));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new InvalidOperationException(
                $"'{tool}' is not on PATH. This test runs {what} against the service and cannot pass without " +
                "Node.js and npm: install them (Debian: apt-get install nodejs npm).", ex);
        }
        version.ExitCode.ShouldBe(0, $"'{tool} --version' failed:\n{version.Output}");
    }

    /// <summary><c>npm ci</c> (or <c>npm install</c> without a lock) when node_modules is missing or older than the lock.</summary>
    static async Task InstallPackagesIfNeeded(string folder)
    {
        var lockFile = Path.Combine(folder, "package-lock.json");
        var installed = Path.Combine(folder, "node_modules", ".package-lock.json");
        var hasLock = File.Exists(lockFile);
        if (File.Exists(installed) && (!hasLock || File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))) return;

        string[] arguments = hasLock ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
        var install = await RunAsync("npm", arguments, folder, NpmTimeout);
        install.ExitCode.ShouldBe(0, $"npm {string.Join(' ', arguments)} in {folder} failed:\n{install.Output}");
    }

    /// <summary>Runs a program to its end or the timeout (then kills it and its children); stdout and stderr
    /// interleaved, terminal colours removed.</summary>
    public static async Task<ProcessResult> RunAsync(string program, string[] arguments, string folder, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(WithoutColours(e.Data)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(WithoutColours(e.Data)); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
                throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {timeout} and was killed:\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output)
            return new ProcessResult(process.ExitCode,
                $"$ {program} {string.Join(' ', arguments)}  ({clock.Elapsed.TotalSeconds:F1} s, exit {process.ExitCode})\n{output}");
    }

    /// <summary>Loggers such as log4js colour their lines.</summary>
    static string WithoutColours(string line) => System.Text.RegularExpressions.Regex.Replace(line, @"\x1b\[[0-9;]*m", "");

    /// <summary>The script's own lines (those starting with one of <paramref name="prefixes"/>), without library log dumps.</summary>
    public static string ScriptLines(string output, params string[] prefixes) =>
        string.Join('\n', output.Split('\n').Where(line => prefixes.Any(line.StartsWith)));
}
