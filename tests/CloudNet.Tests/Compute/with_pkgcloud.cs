using System.Diagnostics;
using System.Text;
using CloudNet.Tests.Vpc;
using Xunit.Abstractions;

namespace CloudNet.Tests.Compute;

/// <summary>
/// pkgcloud 2.2.0 (npm), unmodified, against the service over HTTP, with both of its providers that speak to it
/// (<c>tests/pkgcloud/rackspace-and-openstack.js</c>; what they send and read: <c>reference/clients.md</c> §1-§3):
/// <list type="bullet">
/// <item>the <b>rackspace</b> provider authenticates with an API key at <c>{BASE}/v2.0/tokens</c>, picks the RegionOne
/// compute and network endpoints from the catalog, lists PublicNet and ServiceNet, creates an isolated network
/// (<c>os-networksv2</c>, also seen by the network client in <c>/v2.0/networks</c>), a server, a virtual interface on
/// the network (<c>os-virtual-interfacesv2</c>, seed 004: 200; a second one 409), lists and deletes it (200), and
/// deletes the network (a 4xx while the interface is attached);</item>
/// <item>the <b>openstack</b> provider (Keystone v2.0, password and tenant) reads the v2 version document, allocates a
/// floating IP from pool <c>default</c> (seed 003: 202), lists it, adds it to the server (the server's addresses
/// show it), removes it, deallocates it and destroys the server, with nova's 400 / 409 / 404 on the way.</item>
/// </list>
/// Needs Node.js and npm on PATH; without them the test fails, since passing would prove nothing about pkgcloud.
/// <c>npm ci</c> fills the git-ignored <c>tests/pkgcloud/node_modules</c> when it is missing or older than the lock.
/// The script's step lines go to the test output and, on a failure, into the assertion message.
/// </summary>
public class with_pkgcloud(ServiceOnALoopbackPort server, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    const string Script = "rackspace-and-openstack.js";
    static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task the_rackspace_and_openstack_providers_manage_networks_interfaces_servers_and_floating_ips()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "pkgcloud");
        await ShouldHaveTool("node", folder);
        await ShouldHaveTool("npm", folder);
        await InstallPackagesIfNeeded(folder);

        var run = await Run("node", [Script], folder, NodeTimeout, new Dictionary<string, string> { ["BASE"] = server.BaseAddress });
        output.WriteLine(ScriptLines(run.Output)); // the steps, also on a pass (dotnet test --logger "console;verbosity=detailed")
        var report = $"node {Script} (BASE={server.BaseAddress}) failed.\n" +
            $"Its steps:\n{ScriptLines(run.Output)}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS pkgcloud", Case.Sensitive, report);
    }

    /// <summary>The script's own lines: sections, steps, and what was sent and received when a step failed.</summary>
    static string ScriptLines(string output) => string.Join('\n', output.Split('\n')
        .Where(line => line.StartsWith("$ ") || line.StartsWith("ok   ") || line.StartsWith("FAIL ") || line.StartsWith("PASS ")
            || line.StartsWith("  sent") || line.StartsWith("  got") || line.StartsWith("  stack") || line.StartsWith("  cleanup")));

    // The helpers below follow Vpc/with_the_huawei_sdk.cs, which keeps its own private copies.

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds CloudNet.EventSourced.sln.");
    }

    static async Task ShouldHaveTool(string tool, string folder)
    {
        ProcessResult version;
        try
        {
            version = await Run(tool, ["--version"], folder, TimeSpan.FromMinutes(1));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new InvalidOperationException(
                $"'{tool}' is not on PATH. This test runs pkgcloud (npm) against the service and cannot pass without " +
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
        var install = await Run("npm", arguments, folder, NpmTimeout);
        install.ExitCode.ShouldBe(0, $"npm {string.Join(' ', arguments)} in {folder} failed:\n{install.Output}");
    }

    sealed record ProcessResult(int ExitCode, string Output);

    /// <summary>Runs a program to its end or the timeout (then kills it and its children); stdout and stderr interleaved.</summary>
    static async Task<ProcessResult> Run(string program, string[] arguments, string folder, TimeSpan timeout,
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
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
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
}
